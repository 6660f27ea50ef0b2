import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `customer.created` Stripe event that Concord wrote (it carries metadata.concord_id). */
export interface ExportedCustomer {
  email: string;
  concordId: string;
  arrivedAt: number;
}

interface StripeEventBody {
  type?: string;
  data?: { object?: { email?: string | null; metadata?: Record<string, string> } };
}

/**
 * An HTTP listener registered as a webhook endpoint of the bench tenants' Stripe (simulator)
 * accounts: it notes when each customer Concord created exists in Stripe. Signatures are not
 * checked: it only timestamps, and it answers 200 at once so the simulator never retries.
 */
export class WebhookSink {
  private server?: Server;

  constructor(private readonly onCustomer: (customer: ExportedCustomer) => void) {}

  private baseUrl = '';

  /**
   * The endpoint URL for one account. The simulator keeps one delivery per URL in flight, so each
   * tenant gets a path of its own and one slow account never holds another's deliveries.
   */
  urlFor(tenantId: string): string {
    return `${this.baseUrl}/stripe-events/${encodeURIComponent(tenantId)}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const arrivedAt = Date.now();
        response.writeHead(200).end();
        this.read(Buffer.concat(chunks).toString('utf8'), arrivedAt);
      });
    });
    this.server = server;
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private read(text: string, arrivedAt: number): void {
    let event: StripeEventBody;
    try {
      event = JSON.parse(text) as StripeEventBody;
    } catch {
      return;
    }
    const object = event.data?.object;
    const concordId = object?.metadata?.['concord_id'];
    if (event.type !== 'customer.created' || !concordId || !object?.email) return;
    this.onCustomer({ email: object.email, concordId, arrivedAt });
  }
}
