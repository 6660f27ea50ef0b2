import type { ByteStream } from '../api/api-client';

type Read = { done: boolean; value?: Uint8Array };

/**
 * A server-sent event stream a component test writes to: frames are pushed as bytes, in the
 * chunks a network would deliver, and the stream ends (or breaks) when the test says so.
 */
export class FakeEventStream implements ByteStream {
  private readonly chunks: Read[] = [];
  private waiting?: { resolve(read: Read): void; reject(error: Error): void };
  private failure?: Error;
  cancelled = false;

  /** Sends an `activity` event, as catalog-service writes it. */
  activity(item: unknown, id: string): void {
    this.send(`id: ${id}\nevent: activity\ndata: ${JSON.stringify(item)}\n\n`);
  }

  /** Sends raw text (split across chunks by the caller, if it likes). */
  send(text: string): void {
    this.deliver({ done: false, value: new TextEncoder().encode(text) });
  }

  end(): void {
    this.deliver({ done: true });
  }

  /** The connection breaks. */
  fail(): void {
    this.failure = new Error('network error');
    this.waiting?.reject(this.failure);
    this.waiting = undefined;
  }

  getReader() {
    return {
      read: (): Promise<Read> => {
        const next = this.chunks.shift();
        if (next) return Promise.resolve(next);
        if (this.failure) return Promise.reject(this.failure);
        return new Promise<Read>((resolve, reject) => {
          this.waiting = { resolve, reject };
        });
      },
      cancel: async (): Promise<void> => {
        this.cancelled = true;
        this.deliver({ done: true });
      },
    };
  }

  private deliver(read: Read): void {
    if (this.waiting) {
      this.waiting.resolve(read);
      this.waiting = undefined;
    } else {
      this.chunks.push(read);
    }
  }
}
