import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The load balancer in front of the connector replicas: Stripe (the simulator) delivers webhooks
 * to one public URL, which forwards each delivery, raw body and headers untouched, to the first
 * replica that answers. With every replica down it answers 503, so the simulator retries later.
 */
export class WebhookProxy {
  private server?: Server;
  private next = 0;

  /** `upstreams()` names the replicas' base URLs at the moment of each delivery. */
  constructor(private readonly upstreams: () => string[]) {}

  async start(): Promise<string> {
    const server = createServer((request, response) => {
      void this.forward(request).then(
        ({ status, body, contentType }) => {
          response.writeHead(status, { 'content-type': contentType });
          response.end(body);
        },
        () => {
          response.writeHead(503, { 'content-type': 'text/plain' });
          response.end('no connector replica answered');
        },
      );
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async forward(
    request: IncomingMessage,
  ): Promise<{ status: number; body: Buffer; contentType: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) {
        headers[name] = value;
      }
    }
    const upstreams = this.upstreams();
    for (let i = 0; i < upstreams.length; i += 1) {
      const upstream = upstreams[(this.next + i) % upstreams.length];
      try {
        const answer = await fetch(`${upstream}${request.url ?? '/'}`, {
          method: request.method,
          headers,
          body: request.method === 'GET' || request.method === 'HEAD' ? undefined : body,
          signal: AbortSignal.timeout(15_000),
        });
        this.next = (this.next + i + 1) % Math.max(1, upstreams.length);
        return {
          status: answer.status,
          body: Buffer.from(await answer.arrayBuffer()),
          contentType: answer.headers.get('content-type') ?? 'text/plain',
        };
      } catch {
        // This replica is down (killed, restarting): try the next one.
      }
    }
    throw new Error('no replica answered');
  }
}
