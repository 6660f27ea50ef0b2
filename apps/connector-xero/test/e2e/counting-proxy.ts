import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call that went through the proxy: what it was and how Xero answered. */
export interface CountedCall {
  organisation: string;
  method: string;
  /** The accounting resource (`Contacts`, `Items`, ...), or the path outside the API. */
  resource: string;
  status: number;
  /** Records the call carried (the length of its body's array: contacts, items, invoices). */
  records: number;
  /** When the call was answered (ms since the epoch). */
  at: number;
}

/** How many records a request body carries (0 without one). */
function recordsIn(text: string): number {
  if (!text) return 0;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const list = Object.values(parsed).find(Array.isArray);
    return Array.isArray(list) ? list.length : 0;
  } catch {
    return 0;
  }
}

/**
 * A pass-through HTTP proxy in front of the Xero simulator that records every call the connector
 * makes (organisation, method, resource, status, records), so a test can count what one job cost.
 */
export class CountingProxy {
  readonly calls: CountedCall[] = [];
  private server: Server | null = null;
  /** Where calls go (the simulator's URL, known once the world started). */
  target = '';

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((incoming, outgoing) => {
      const target = new URL(this.target);
      const path = incoming.url ?? '/';
      const resource = /^\/api\.xro\/2\.0\/([A-Za-z]+)/.exec(path)?.[1] ?? path;
      const organisation = String(incoming.headers['xero-tenant-id'] ?? '');
      const body: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => body.push(chunk));
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path,
          headers: { ...incoming.headers, host: target.host },
        },
        (answer) => {
          this.calls.push({
            organisation,
            method: incoming.method ?? '',
            resource,
            status: answer.statusCode ?? 0,
            records: recordsIn(Buffer.concat(body).toString('utf8')),
            at: Date.now(),
          });
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** The port it listens on, as `host:port` (to allow it on loopback). */
  get host(): string {
    return new URL(this.url).host;
  }

  /** The calls to one organisation, optionally of one method and resource. */
  of(organisation: string, method?: string, resource?: string): CountedCall[] {
    return this.calls.filter(
      (call) =>
        call.organisation === organisation &&
        (method === undefined || call.method === method) &&
        (resource === undefined || call.resource.toLowerCase() === resource.toLowerCase()),
    );
  }
}
