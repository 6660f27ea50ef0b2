import { SimulationClock } from '../clock/simulation-clock';
import { SeededRandom } from '../random/seeded-random';
import { WebhookRequest } from './http-webhook.transport';
import { WebhookMessage } from './webhook-delivery';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSettings } from './webhook-settings';

/** A receiver that answers with scripted statuses (then 200) and records what it got. */
class ScriptedReceiver {
  readonly received: WebhookRequest[] = [];
  constructor(private readonly statuses: (number | Error)[] = []) {}

  readonly transport = async (request: WebhookRequest): Promise<{ status: number }> => {
    this.received.push(request);
    const next = this.statuses.shift() ?? 200;
    if (next instanceof Error) throw next;
    return { status: next };
  };

  bodies(): string[] {
    return this.received.map((request) => request.body);
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WebhookDispatcher', () => {
  let clock: SimulationClock;
  let dispatchers: WebhookDispatcher[];

  const dispatcher = (
    receiver: ScriptedReceiver,
    settings: Partial<WebhookSettings> = {},
    seed = 1,
  ): WebhookDispatcher => {
    const created = new WebhookDispatcher(
      clock,
      new SeededRandom(seed).stream('webhooks'),
      receiver.transport,
      settings,
    );
    dispatchers.push(created);
    return created;
  };

  const message = (body: string, extra: Partial<WebhookMessage> = {}): WebhookMessage => ({
    url: 'http://127.0.0.1:1/hook',
    body,
    eventId: `evt_${body}`,
    headers: (at) => ({ 'x-attempt-at': String(at) }),
    ...extra,
  });

  beforeEach(() => {
    clock = new SimulationClock(() => 1_000_000);
    dispatchers = [];
  });

  afterEach(() => dispatchers.forEach((d) => d.stop()));

  it('delivers in order with headers computed at the attempt time', async () => {
    const receiver = new ScriptedReceiver();
    const webhooks = dispatcher(receiver);
    const delivered: string[] = [];
    ['a', 'b', 'c'].forEach((body) =>
      webhooks.enqueue(message(body, { onDelivered: () => delivered.push(body) })),
    );
    await webhooks.whenIdle();
    expect(receiver.bodies()).toEqual(['a', 'b', 'c']);
    expect(receiver.received[0].headers).toEqual({ 'x-attempt-at': '1000000' });
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(webhooks.stats()).toMatchObject({ total: 3, delivered: 3, pending: 0, attempts: 3 });
  });

  it('retries failures and timeouts with exponential backoff on the simulation clock', async () => {
    const receiver = new ScriptedReceiver([500, new Error('no response within 5000 ms'), 200]);
    const webhooks = dispatcher(receiver, { retryBaseMs: 1_000 });
    const [delivery] = webhooks.enqueue(message('a'));
    await settle();
    expect(webhooks.list()[0]).toMatchObject({
      id: delivery.id,
      status: 'scheduled',
      nextAttemptAt: 1_001_000,
      attempts: [{ number: 1, ok: false, status: 500, at: 1_000_000 }],
    });
    clock.advance(999);
    await settle();
    expect(receiver.received).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(webhooks.list()[0]).toMatchObject({
      nextAttemptAt: 1_003_000,
      attempts: [{ status: 500 }, { number: 2, ok: false, error: 'no response within 5000 ms' }],
    });
    clock.advance(2_000);
    await webhooks.whenIdle();
    expect(webhooks.list()[0]).toMatchObject({ status: 'delivered', nextAttemptAt: null });
    expect(webhooks.list()[0].attempts.map((a) => a.at)).toEqual([1_000_000, 1_001_000, 1_003_000]);
  });

  it('gives up after maxAttempts', async () => {
    const receiver = new ScriptedReceiver([500, 502, 503]);
    const webhooks = dispatcher(receiver, { maxAttempts: 2, retryBaseMs: 0 });
    webhooks.enqueue(message('a'));
    await webhooks.whenIdle();
    expect(webhooks.list()[0]).toMatchObject({ status: 'failed' });
    expect(receiver.received).toHaveLength(2);
    expect(webhooks.stats().failed).toBe(1);
  });

  it('duplicates deliveries at duplicateRate, reporting onDelivered once', async () => {
    const receiver = new ScriptedReceiver();
    const webhooks = dispatcher(receiver, { duplicateRate: 1 });
    let delivered = 0;
    webhooks.enqueue(message('a', { onDelivered: () => (delivered += 1) }));
    await webhooks.whenIdle();
    expect(receiver.bodies()).toEqual(['a', 'a']);
    expect(webhooks.list().map((d) => d.duplicate)).toEqual([false, true]);
    expect(delivered).toBe(1);
    expect(webhooks.stats().duplicates).toBe(1);
  });

  it('reorders deliveries held within the window, reproducibly for a seed', async () => {
    const run = async (seed: number): Promise<string[]> => {
      const receiver = new ScriptedReceiver();
      const webhooks = dispatcher(receiver, { reorder: true, reorderWindowMs: 10 }, seed);
      ['a', 'b', 'c', 'd', 'e'].forEach((body) => webhooks.enqueue(message(body)));
      expect(webhooks.list().every((d) => d.status === 'held')).toBe(true);
      await webhooks.whenIdle();
      return receiver.bodies();
    };
    const order = await run(3);
    expect([...order].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(order).not.toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await run(3)).toEqual(order);
  });

  it('delays the first attempt by delayMs of simulation time', async () => {
    const receiver = new ScriptedReceiver();
    const webhooks = dispatcher(receiver, { delayMs: 30_000 });
    webhooks.enqueue(message('a'));
    await settle();
    expect(receiver.received).toHaveLength(0);
    clock.advance(30_000);
    await webhooks.whenIdle();
    expect(receiver.received).toHaveLength(1);
  });

  it('drops deliveries while switched off, and records them as suppressed', async () => {
    const receiver = new ScriptedReceiver();
    const webhooks = dispatcher(receiver);
    webhooks.configure({ enabled: false });
    webhooks.enqueue(message('a'));
    await webhooks.whenIdle();
    expect(receiver.received).toHaveLength(0);
    expect(webhooks.list()[0].status).toBe('suppressed');
    expect(webhooks.stats().suppressed).toBe(1);
  });

  it('forgets everything on reset', async () => {
    const receiver = new ScriptedReceiver([500]);
    const webhooks = dispatcher(receiver, { retryBaseMs: 60_000 });
    webhooks.enqueue(message('a'));
    await settle();
    webhooks.reset();
    expect(webhooks.list()).toEqual([]);
    await expect(webhooks.whenIdle(10)).resolves.toBeUndefined();
  });

  it('rejects whenIdle when deliveries stay pending', async () => {
    const receiver = new ScriptedReceiver([500]);
    const webhooks = dispatcher(receiver, { retryBaseMs: 60_000 });
    webhooks.enqueue(message('a'));
    await expect(webhooks.whenIdle(20)).rejects.toThrow('still pending');
  });
});
