import { SimulationClock } from '../clock/simulation-clock';
import { RandomStream } from '../random/seeded-random';
import { httpWebhookTransport, WebhookTransport } from './http-webhook.transport';
import {
  DeliveryAttempt,
  DeliveryStatus,
  WebhookDeliveryView,
  WebhookMessage,
  WebhookStats,
} from './webhook-delivery';
import { DEFAULT_WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';

interface Delivery {
  id: string;
  message: WebhookMessage;
  status: DeliveryStatus;
  duplicate: boolean;
  createdAt: number;
  nextAttemptAt: number;
  order: number;
  attempts: DeliveryAttempt[];
}

const SETTLED: DeliveryStatus[] = ['delivered', 'failed', 'suppressed'];
const KEPT_SETTLED_DELIVERIES = 1_000;

/**
 * At-least-once webhook delivery with retries and exponential backoff, scheduled on the
 * simulation clock (advancing the clock fires due retries at once). One attempt per endpoint URL
 * is in flight at a time, so deliveries arrive in order unless reordering is asked for.
 */
export class WebhookDispatcher {
  private settings: WebhookSettings;
  private deliveries: Delivery[] = [];
  private held: Delivery[] = [];
  private readonly busyUrls = new Set<string>();
  private holdTimer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private nextId = 1;
  private nextOrder = 1;
  private generation = 0;
  private stopped = false;
  private readonly unsubscribeClock: () => void;

  constructor(
    private readonly clock: SimulationClock,
    private readonly random: RandomStream,
    private readonly transport: WebhookTransport = httpWebhookTransport,
    settings: Partial<WebhookSettings> = {},
  ) {
    this.settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...settings };
    this.unsubscribeClock = clock.onChange(() => this.pump());
  }

  configure(settings: Partial<WebhookSettings>): WebhookSettings {
    this.settings = { ...this.settings, ...settings };
    if (!this.settings.reorder) this.flushHeld();
    return this.view();
  }

  view(): WebhookSettings {
    return { ...this.settings };
  }

  enqueue(message: WebhookMessage): WebhookDeliveryView[] {
    const now = this.clock.now();
    if (!this.settings.enabled) {
      return [toView(this.track(this.create(message, false, now, 'suppressed')))];
    }
    const created = [this.create(message, false, now, 'scheduled')];
    if (this.random.chance(this.settings.duplicateRate)) {
      const { onDelivered: _ignored, ...copy } = message;
      created.push(this.create(copy, true, now, 'scheduled'));
    }
    for (const delivery of created) this.track(delivery);
    if (this.settings.reorder) {
      for (const delivery of created) delivery.status = 'held';
      this.held.push(...created);
      if (!this.holdTimer) {
        this.holdTimer = setTimeout(() => this.flushHeld(), this.settings.reorderWindowMs);
        this.holdTimer.unref();
      }
    } else {
      this.pump();
    }
    return created.map(toView);
  }

  list(): WebhookDeliveryView[] {
    return this.deliveries.map(toView);
  }

  stats(): WebhookStats {
    const count = (status: DeliveryStatus): number =>
      this.deliveries.filter((d) => d.status === status).length;
    return {
      total: this.deliveries.length,
      pending: this.deliveries.filter((d) => !SETTLED.includes(d.status)).length,
      delivered: count('delivered'),
      failed: count('failed'),
      suppressed: count('suppressed'),
      duplicates: this.deliveries.filter((d) => d.duplicate).length,
      attempts: this.deliveries.reduce((sum, d) => sum + d.attempts.length, 0),
    };
  }

  /** Resolves once nothing is held, scheduled or in flight. */
  whenIdle(timeoutMs = 10_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
        reject(new Error(`webhook deliveries still pending after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  /** Forgets every delivery (in-flight attempts finish but are not recorded). */
  reset(): void {
    this.generation += 1;
    this.deliveries = [];
    this.held = [];
    this.busyUrls.clear();
    this.clearTimers();
    this.notifyIdle();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribeClock();
    this.reset();
  }

  private create(
    message: WebhookMessage,
    duplicate: boolean,
    now: number,
    status: DeliveryStatus,
  ): Delivery {
    return {
      id: `whdel_${this.nextId++}`,
      message,
      status,
      duplicate,
      createdAt: now,
      nextAttemptAt: now + this.settings.delayMs,
      order: this.nextOrder++,
      attempts: [],
    };
  }

  private track(delivery: Delivery): Delivery {
    this.deliveries.push(delivery);
    const settled = this.deliveries.filter((d) => SETTLED.includes(d.status));
    if (settled.length > KEPT_SETTLED_DELIVERIES) {
      const drop = new Set(settled.slice(0, settled.length - KEPT_SETTLED_DELIVERIES));
      this.deliveries = this.deliveries.filter((d) => !drop.has(d));
    }
    return delivery;
  }

  private flushHeld(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    if (this.held.length === 0) return;
    let order = this.random.shuffle(this.held);
    // A shuffle may return the original order; a reorder drill must actually reorder.
    if (order.length > 1 && order.every((d, i) => d === this.held[i])) order = order.reverse();
    const releaseAt = Math.max(...order.map((d) => d.nextAttemptAt));
    for (const delivery of order) {
      delivery.status = 'scheduled';
      delivery.nextAttemptAt = releaseAt;
      delivery.order = this.nextOrder++;
    }
    this.held = [];
    this.pump();
  }

  private pump(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const due = this.deliveries
      .filter((d) => d.status === 'scheduled' && d.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.order - b.order);
    for (const delivery of due) {
      if (this.busyUrls.has(delivery.message.url)) continue;
      this.busyUrls.add(delivery.message.url);
      void this.attempt(delivery);
    }
    this.armWakeTimer(now);
    this.notifyIdle();
  }

  private armWakeTimer(now: number): void {
    clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const future = this.deliveries
      .filter((d) => d.status === 'scheduled' && d.nextAttemptAt > now)
      .map((d) => d.nextAttemptAt);
    if (future.length === 0) return;
    this.wakeTimer = setTimeout(() => this.pump(), Math.min(...future) - now);
    this.wakeTimer.unref();
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const generation = this.generation;
    const { message } = delivery;
    delivery.status = 'in_flight';
    const at = this.clock.now();
    const record: DeliveryAttempt = { number: delivery.attempts.length + 1, at, ok: false };
    try {
      const { status } = await this.transport({
        url: message.url,
        headers: message.headers(at),
        body: message.body,
        timeoutMs: this.settings.timeoutMs,
      });
      record.status = status;
      record.ok = status >= 200 && status < 300;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    if (generation !== this.generation || this.stopped) return;
    delivery.attempts.push(record);
    this.busyUrls.delete(message.url);
    if (record.ok) {
      delivery.status = 'delivered';
      message.onDelivered?.();
    } else if (record.number >= this.settings.maxAttempts) {
      delivery.status = 'failed';
    } else {
      delivery.status = 'scheduled';
      const backoff = this.settings.retryBaseMs * 2 ** (record.number - 1);
      delivery.nextAttemptAt = this.clock.now() + Math.min(this.settings.retryMaxMs, backoff);
    }
    this.pump();
  }

  private isIdle(): boolean {
    return this.deliveries.every((d) => SETTLED.includes(d.status));
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private clearTimers(): void {
    clearTimeout(this.holdTimer);
    clearTimeout(this.wakeTimer);
    this.holdTimer = undefined;
    this.wakeTimer = undefined;
  }
}

function toView(delivery: Delivery): WebhookDeliveryView {
  const { id, message, status, duplicate, createdAt, nextAttemptAt, attempts } = delivery;
  return {
    id,
    ...(message.eventId ? { eventId: message.eventId } : {}),
    ...(message.eventType ? { eventType: message.eventType } : {}),
    url: message.url,
    status,
    duplicate,
    createdAt,
    nextAttemptAt: status === 'scheduled' || status === 'held' ? nextAttemptAt : null,
    attempts: attempts.map((attempt) => ({ ...attempt })),
  };
}
