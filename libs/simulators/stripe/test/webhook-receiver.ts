import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  rawBody: string;
  headers: IncomingHttpHeaders;
}

/** A local endpoint that records raw webhook bodies and answers with scripted statuses. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server: Server | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly statuses: number[] = []) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.received.push({
          rawBody: Buffer.concat(chunks).toString('utf8'),
          headers: req.headers,
        });
        res.writeHead(this.statuses.shift() ?? 200).end();
        this.waiters.forEach((wake) => wake());
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/webhooks`;
  }

  /** Resolves once `count` deliveries arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedWebhook[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} webhooks, got ${this.received.length}`)),
        timeoutMs,
      );
      const check = (): void => {
        if (this.received.length >= count) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((waiter) => waiter !== check);
          resolve(this.received.slice(0, count));
        }
      };
      this.waiters.push(check);
      check();
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
