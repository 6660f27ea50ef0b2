import { SalesforceOrg } from '../org/salesforce-org';

/** A message the server sends a client (a reply or a delivered event). */
export type BayeuxMessage = Record<string, unknown>;

interface HeldConnect {
  resolve: (messages: BayeuxMessage[]) => void;
  timer: NodeJS.Timeout;
}

/**
 * One handshaken Bayeux client: its subscriptions, the events waiting for its next
 * `/meta/connect`, and the connect being held open (long polling) until an event arrives.
 */
export class BayeuxClient {
  readonly subscriptions = new Set<string>();
  connected = false;
  lastSeen: number;
  private queue: BayeuxMessage[] = [];
  private held: HeldConnect | undefined;

  constructor(
    readonly id: string,
    readonly org: SalesforceOrg,
    now: number,
  ) {
    this.lastSeen = now;
  }

  deliver(messages: BayeuxMessage[]): void {
    if (messages.length === 0) return;
    this.queue.push(...messages);
    this.release();
  }

  /** Queued events now, or once one arrives, or none after `timeoutMs`. */
  waitForEvents(timeoutMs: number): Promise<BayeuxMessage[]> {
    this.release();
    if (this.queue.length > 0) return Promise.resolve(this.drain());
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.held = undefined;
        resolve(this.drain());
      }, timeoutMs);
      this.held = { resolve, timer };
    });
  }

  get waiting(): boolean {
    return this.held !== undefined;
  }

  /** Answers a held connect at once (new events, a newer connect, disconnect, shutdown). */
  release(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    clearTimeout(held.timer);
    held.resolve(this.drain());
  }

  private drain(): BayeuxMessage[] {
    const messages = this.queue;
    this.queue = [];
    return messages;
  }
}
