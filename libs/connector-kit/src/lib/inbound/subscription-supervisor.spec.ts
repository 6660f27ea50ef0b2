import { InProcessLock } from '@concord/auth';
import type { InboundChange } from '@concord/model';
import { eventually } from '@concord/testing';

import { FakeStream } from '../../../test/fake-stream';
import { fakeDefinition, FakeSystem } from '../../../test/fake-system';
import { connectionSettings, outboundHarness } from '../../../test/kit-harness';
import { InProcessLeases } from '../budget/lease';
import { silentKitLogger } from '../definition/kit-logger';
import { OverwrittenEdits } from './overwritten-edits';
import { subscriptionCursorName } from './subscription-pump';
import { SubscriptionSupervisor } from './subscription-supervisor';

async function setup() {
  const stream = new FakeStream();
  const definition = {
    ...fakeDefinition(new FakeSystem()),
    inbound: { ...fakeDefinition(new FakeSystem()).inbound, subscription: stream },
  };
  const harness = outboundHarness(definition as never);
  let now = 1_000_000;
  const clock = () => now;
  const leases = new InProcessLeases(clock);
  const reconciled: string[] = [];
  const replica = () =>
    new SubscriptionSupervisor(
      definition as never,
      harness.registry,
      harness.state,
      harness.caller,
      harness.inbound,
      new OverwrittenEdits(harness.state, new InProcessLock(), async () => undefined),
      harness.attention,
      leases,
      async (entry) => void reconciled.push(entry.settings.connectionId),
      silentKitLogger,
      { leaseMs: 30_000, tickMs: 1000, retryDelayMs: 1000, batchWindowMs: 5, maxBatch: 50 },
      clock,
    );
  const settings = connectionSettings('fakesys', { direction: 'both' });
  const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
  const published = () =>
    harness.sender
      .on(harness.topics.inbound)
      .map((m) => (m.value as InboundChange).data)
      .map(
        (data) => `${data.externalId}:${(data.content as { name: string }).name}:${data.reason}`,
      );
  const cursor = () => harness.state.cursor(scope, subscriptionCursorName('changes'));
  return {
    stream,
    harness,
    replica,
    settings,
    published,
    cursor,
    reconciled,
    advance: (ms: number) => void (now += ms),
  };
}

/** Lets the openings a tick started finish (they run beside the tick). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('SubscriptionSupervisor', () => {
  it('holds one subscription per connection across replicas, publishes changes but echoes, and saves the cursor after', async () => {
    const { stream, harness, replica, settings, published, cursor, reconciled } = await setup();
    await harness.connect(settings);
    const [a, b] = [replica(), replica()];
    await Promise.all([a.tick(), b.tick()]);
    await eventually(() => expect(stream.listeners.size).toBe(1));
    expect(stream.opens).toEqual([null]);
    expect([...a.held, ...b.held]).toHaveLength(1);

    stream.emit('r1', 'Ada');
    stream.emit('r2', 'Concord wrote this', true);
    stream.emit('r3', 'Bea');
    await eventually(() => expect(cursor()).toBe('3'));
    expect(published()).toEqual(['r1:Ada:stream', 'r3:Bea:stream']);
    // One batch: the echo never reached toChanges.
    expect(stream.batches).toEqual([2]);
    expect(reconciled).toEqual([]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('closes when the connection is paused and resumes from the saved cursor, nothing lost or repeated', async () => {
    const { stream, harness, replica, settings, published, cursor } = await setup();
    await harness.connect(settings);
    const a = replica();
    await a.tick();
    await eventually(() => expect(stream.listeners.size).toBe(1));
    stream.emit('r1', 'Ada');
    await eventually(() => expect(cursor()).toBe('1'));

    await harness.connect({ ...settings, version: settings.version + 1, paused: true });
    await a.tick();
    expect(stream.listeners.size).toBe(0);
    stream.emit('r2', 'While paused');
    await harness.connect({ ...settings, version: settings.version + 2, paused: false });
    await a.tick();
    await eventually(() => expect(cursor()).toBe('2'));
    expect(stream.opens).toEqual([null, '1']);
    expect(published()).toEqual(['r1:Ada:stream', 'r2:While paused:stream']);
    await a.stop();
  });

  it('lets another replica take over once a dead holder stops renewing its lease', async () => {
    const { stream, harness, replica, settings, published, cursor, advance } = await setup();
    await harness.connect(settings);
    const [dead, survivor] = [replica(), replica()];
    await dead.tick();
    await eventually(() => expect(stream.listeners.size).toBe(1));
    stream.emit('r1', 'Ada');
    await eventually(() => expect(cursor()).toBe('1'));
    stream.listeners.clear(); // the holder's process is gone: no close, no release
    stream.emit('r2', 'Unseen by the dead one');

    await survivor.tick();
    await settle();
    expect(survivor.held).toEqual([]);
    advance(30_001);
    await survivor.tick();
    await eventually(() => expect(cursor()).toBe('2'));
    expect(stream.opens).toEqual([null, '1']);
    expect(published()).toEqual(['r1:Ada:stream', 'r2:Unseen by the dead one:stream']);
    await survivor.stop();
  });

  it('reconciles when it takes over a subscription that had published nothing yet', async () => {
    const { stream, harness, replica, settings, reconciled, cursor, advance } = await setup();
    await harness.connect(settings);
    const [dead, survivor] = [replica(), replica()];
    await dead.tick();
    await eventually(() => expect(cursor()).toBe(''));
    expect(reconciled).toEqual([]);
    stream.listeners.clear();
    stream.emit('r1', 'In the gap: not replayed from the tip');
    advance(30_001);
    await survivor.tick();
    await eventually(() => expect(reconciled).toEqual([settings.connectionId]));
    expect(stream.opens).toEqual([null, null]);
    await survivor.stop();
  });

  it('subscribes from now and reconciles when the cursor has expired', async () => {
    const { stream, harness, replica, settings, reconciled, cursor } = await setup();
    await harness.state.saveCursor(
      { tenant: settings.tenant, connectionId: settings.connectionId },
      subscriptionCursorName('changes'),
      '3',
    );
    stream.oldest = 10;
    await harness.connect(settings);
    const a = replica();
    await a.tick();
    await eventually(() => expect(reconciled).toEqual([settings.connectionId]));
    expect(stream.opens).toEqual(['3', null]);
    expect(cursor()).toBe('');
    await a.stop();
  });

  it('opens again from the saved cursor after a batch fails, so the batch is published then', async () => {
    const { stream, harness, replica, settings, published, cursor, reconciled, advance } =
      await setup();
    await harness.connect(settings);
    const a = replica();
    await a.tick();
    await eventually(() => expect(stream.listeners.size).toBe(1));
    stream.emit('r1', 'Ada');
    await eventually(() => expect(cursor()).toBe('1'));
    stream.failNextBatch = true;
    stream.emit('r2', 'Bea');
    await eventually(() => expect(stream.listeners.size).toBe(0));
    expect(cursor()).toBe('1');
    await a.tick(); // too soon: waits for the retry delay
    await settle();
    expect(stream.opens).toEqual([null]);
    advance(1_000);
    await a.tick();
    await eventually(() => expect(published()).toEqual(['r1:Ada:stream', 'r2:Bea:stream']));
    expect(stream.opens).toEqual([null, '1']);
    expect(reconciled).toEqual([]);
    await a.stop();
  });

  it('reconciles when a subscription without a saved cursor failed and opens from now again', async () => {
    const { stream, harness, replica, settings, reconciled, advance } = await setup();
    await harness.connect(settings);
    const a = replica();
    await a.tick();
    await eventually(() => expect(stream.listeners.size).toBe(1));
    stream.failNextBatch = true;
    stream.emit('r1', 'Ada');
    await eventually(() => expect(stream.listeners.size).toBe(0));
    advance(1_000);
    await a.tick();
    await eventually(() => expect(reconciled).toEqual([settings.connectionId]));
    expect(stream.opens).toEqual([null, null]);
    await a.stop();
  });
});
