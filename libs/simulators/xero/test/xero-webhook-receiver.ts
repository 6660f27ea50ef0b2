import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { verifyXeroSignature } from '../src/lib/webhooks/xero-webhook-signature';

export interface ReceivedXeroWebhook {
  rawBody: string;
  signature: string;
  valid: boolean;
}

/**
 * A receiver that behaves as Xero asks: 200 for a correctly signed body, 401 otherwise (or, when
 * `careless`, 200 for everything, which must fail the intent-to-receive check).
 */
export class XeroWebhookReceiver {
  readonly received: ReceivedXeroWebhook[] = [];
  /** How many upcoming correctly signed event batches to answer with 500 (to see retries). */
  failNextBatches = 0;
  private server: Server | undefined;

  constructor(
    private readonly key: string,
    private readonly careless = false,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const signature = String(req.headers['x-xero-signature'] ?? '');
        const valid = verifyXeroSignature(rawBody, signature, this.key);
        this.received.push({ rawBody, signature, valid });
        if (valid && this.failNextBatches > 0 && rawBody.includes('"resourceId"')) {
          this.failNextBatches -= 1;
          res.writeHead(500).end();
          return;
        }
        res.writeHead(valid || this.careless ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/xero/webhooks`;
  }

  /** Signed batches that carry events (the handshake's empty batches left out). */
  eventBatches(): {
    events: Record<string, unknown>[];
    firstEventSequence: number;
    lastEventSequence: number;
  }[] {
    return this.received
      .filter((hook) => hook.valid)
      .map(
        (hook) =>
          JSON.parse(hook.rawBody) as ReturnType<XeroWebhookReceiver['eventBatches']>[number],
      )
      .filter((batch) => batch.events.length > 0);
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
