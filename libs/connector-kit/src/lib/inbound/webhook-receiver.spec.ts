import { InProcessLock, KeyRing } from '@concord/auth';
import type { InboundChange } from '@concord/model';

import { fakeDefinition, type FakeEvent, FakeSystem } from '../../../test/fake-system';
import { connectionSettings, outboundHarness, testKeyRing } from '../../../test/kit-harness';
import { InProcessLeases } from '../budget/lease';
import { silentKitLogger } from '../definition/kit-logger';
import type { KitMetrics } from '../metrics/kit-metrics';
import { noopKitMetrics } from '../metrics/kit-metrics';
import { OverwrittenEdits } from './overwritten-edits';
import { WebhookReceiver } from './webhook-receiver';
import { WebhookRegistrar } from './webhook-registrar';

async function setup() {
  const system = new FakeSystem();
  const definition = fakeDefinition(system);
  const harness = outboundHarness(definition);
  const settings = connectionSettings('fakesys');
  await harness.connect(settings);
  const registrar = new WebhookRegistrar(
    definition,
    harness.state,
    harness.caller,
    testKeyRing,
    new InProcessLeases(),
    async () => undefined,
    'http://connector.example/',
    silentKitLogger,
  );
  const ignored: string[] = [];
  const metrics: KitMetrics = { ...noopKitMetrics, webhookIgnored: (type) => ignored.push(type) };
  const receiver = new WebhookReceiver(
    definition,
    harness.registry,
    harness.attention,
    registrar,
    harness.caller,
    harness.inbound,
    metrics,
    silentKitLogger,
    new OverwrittenEdits(harness.state, new InProcessLock(), async () => undefined),
  );
  const entry = harness.registry.forTenant(settings.tenant);
  if (entry) await registrar.ensure(entry);
  const deliver = (events: FakeEvent[], signature = 'fake-secret') =>
    receiver.receive({
      tenant: settings.tenant,
      connectionId: settings.connectionId,
      rawBody: Buffer.from(JSON.stringify(events)),
      headers: { 'x-fake-signature': signature },
    });
  const published = () =>
    harness.sender.on(harness.topics.inbound).map((m) => m.value as InboundChange);
  return { system, harness, settings, registrar, receiver, deliver, published, ignored };
}

describe('WebhookReceiver', () => {
  it('registers the endpoint once and keeps its secret encrypted in the state topic', async () => {
    const { registrar, harness, settings } = await setup();
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    expect(registrar.endpoint(scope)).toEqual({
      url: `http://connector.example/webhooks/fakesys/${settings.tenant}/${settings.connectionId}`,
      secret: expect.stringMatching(/^enc:v1:k1:/),
    });
    expect(JSON.stringify(harness.sender.sent)).not.toContain('fake-secret');
    expect(registrar.secrets(scope)).toEqual(['fake-secret']);
  });

  it('publishes the change, then answers 200', async () => {
    const { system, deliver, published, settings } = await setup();
    const record = system.put('customer', { name: 'Grace' });
    const answer = await deliver([
      { id: 'evt_1', type: 'record.updated', recordId: record.id, idempotencyKey: null },
    ]);
    expect(answer).toEqual({ status: 200, body: { received: true, applied: 1 } });
    expect(published()).toEqual([
      expect.objectContaining({
        tenant: settings.tenant,
        subject: record.id,
        data: expect.objectContaining({
          sourceEventId: 'evt_1',
          reason: 'webhook',
          content: { name: 'Grace' },
        }),
      }),
    ]);
  });

  it('refuses a forged signature with 400 and changes nothing', async () => {
    const { system, deliver, published } = await setup();
    const record = system.put('customer', { name: 'Mallory' });
    const answer = await deliver(
      [{ id: 'evt_2', type: 'record.updated', recordId: record.id, idempotencyKey: null }],
      'forged',
    );
    expect(answer.status).toBe(400);
    expect(published()).toEqual([]);
  });

  it('acknowledges a duplicate delivery and Concord’s own echo without publishing again', async () => {
    const { system, deliver, published } = await setup();
    const record = system.put('customer', { name: 'Grace' });
    const event = {
      id: 'evt_3',
      type: 'record.updated',
      recordId: record.id,
      idempotencyKey: null,
    };
    await deliver([event]);
    expect((await deliver([event])).status).toBe(200);
    expect((await deliver([{ ...event, id: 'evt_4', idempotencyKey: 'concord-abc' }])).status).toBe(
      200,
    );
    expect(published()).toHaveLength(1);
  });

  it('answers a forged delivery at once while a genuine one of the same connection is being read', async () => {
    const { system, deliver, published } = await setup();
    const record = system.put('customer', { name: 'Grace' });
    let release: () => void = () => undefined;
    let reading: () => void = () => undefined;
    const read = new Promise<void>((resolve) => (reading = resolve));
    system.readGate = () => {
      reading();
      return new Promise<void>((resolve) => (release = resolve));
    };
    const genuine = deliver([
      { id: 'evt_10', type: 'record.updated', recordId: record.id, idempotencyKey: null },
    ]);
    await read;
    const forged = await deliver(
      [{ id: 'evt_11', type: 'record.updated', recordId: record.id, idempotencyKey: null }],
      'forged',
    );
    expect(forged.status).toBe(400);
    expect(published()).toEqual([]);
    release();
    expect((await genuine).status).toBe(200);
    expect(published()).toHaveLength(1);
  });

  it('handles deliveries about different records concurrently, and about one record in arrival order', async () => {
    const { system, deliver, published } = await setup();
    const slow = system.put('customer', { name: 'Slow' });
    const fast = system.put('customer', { name: 'Fast' });
    const held: Array<() => void> = [];
    system.readGate = (recordId) =>
      recordId === slow.id ? new Promise<void>((resolve) => held.push(resolve)) : Promise.resolve();
    const event = (id: string, recordId: string) => ({
      id,
      type: 'record.updated',
      recordId,
      idempotencyKey: null,
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    const first = deliver([event('evt_20', slow.id)]);
    const sameRecord = deliver([event('evt_21', slow.id)]);
    expect((await deliver([event('evt_22', fast.id)])).status).toBe(200);
    await settle();
    expect(published().map((change) => change.data.sourceEventId)).toEqual(['evt_22']);
    expect(held).toHaveLength(1);
    held[0]();
    await first;
    await settle();
    expect(held).toHaveLength(2);
    held[1]();
    await sameRecord;
    expect(published().map((change) => change.data.sourceEventId)).toEqual([
      'evt_22',
      'evt_20',
      'evt_21',
    ]);
  });

  it('ignores and counts event types it does not handle', async () => {
    const { deliver, published, ignored } = await setup();
    expect(
      (
        await deliver([
          { id: 'evt_5', type: 'payout.paid', recordId: 'po_1', idempotencyKey: null },
        ])
      ).status,
    ).toBe(200);
    expect(ignored).toEqual(['payout.paid']);
    expect(published()).toEqual([]);
  });

  it('answers 503 when the change cannot be stored, so the provider delivers again', async () => {
    const { system, deliver, harness, published } = await setup();
    const record = system.put('customer', { name: 'Grace' });
    harness.sender.failNext = true;
    const event = {
      id: 'evt_6',
      type: 'record.updated',
      recordId: record.id,
      idempotencyKey: null,
    };
    expect((await deliver([event])).status).toBe(503);
    expect((await deliver([event])).status).toBe(200);
    expect(published()).toHaveLength(1);
  });

  it('does not acknowledge while the connection needs attention', async () => {
    const { system, deliver, harness, settings } = await setup();
    await harness.attention.flag(
      { tenant: settings.tenant, connectionId: settings.connectionId },
      { kind: 'credentials', reason: 'revoked' },
    );
    const record = system.put('customer', { name: 'Grace' });
    expect(
      (
        await deliver([
          { id: 'evt_7', type: 'record.updated', recordId: record.id, idempotencyKey: null },
        ])
      ).status,
    ).toBe(503);
  });

  it('answers 404 for a connection it does not know', async () => {
    const { receiver } = await setup();
    const answer = await receiver.receive({
      tenant: 'nobody',
      connectionId: 'x',
      rawBody: Buffer.from('[]'),
      headers: {},
    });
    expect(answer.status).toBe(404);
  });
});

describe('WebhookRegistrar across a key rotation', () => {
  const k1 = Buffer.alloc(32, 7).toString('base64');
  const k2 = Buffer.alloc(32, 9).toString('base64');

  async function restartedWith(
    base: Awaited<ReturnType<typeof setup>>,
    ring: KeyRing,
  ): Promise<WebhookRegistrar<unknown>> {
    const registrar = new WebhookRegistrar(
      fakeDefinition(base.system),
      base.harness.state,
      base.harness.caller,
      ring,
      new InProcessLeases(),
      async () => undefined,
      'http://connector.example/',
      silentKitLogger,
    );
    const entry = base.harness.registry.forTenant(base.settings.tenant);
    if (entry) await registrar.ensure(entry);
    return registrar;
  }

  it('moves the stored secret to the new active key, so the old key can then be removed', async () => {
    const base = await setup();
    const scope = { tenant: base.settings.tenant, connectionId: base.settings.connectionId };
    // Were the endpoint registered again (rolled), its secret would change to this one.
    base.system.nextWebhookSecret = 'rolled-secret';
    const both = await restartedWith(base, new KeyRing({ k1, k2 }, 'k2'));
    expect(both.endpoint(scope)?.secret).toMatch(/^enc:v1:k2:/);
    const newOnly = await restartedWith(base, new KeyRing({ k2 }, 'k2'));
    expect(newOnly.secrets(scope)).toEqual(['fake-secret']);
  });

  it('rolls the endpoint when the old key was removed before the secret moved', async () => {
    const base = await setup();
    const scope = { tenant: base.settings.tenant, connectionId: base.settings.connectionId };
    base.system.nextWebhookSecret = 'rolled-secret';
    const newOnly = await restartedWith(base, new KeyRing({ k2 }, 'k2'));
    expect(newOnly.endpoint(scope)?.secret).toMatch(/^enc:v1:k2:/);
    expect(newOnly.secrets(scope)).toEqual(['rolled-secret']);
  });
});
