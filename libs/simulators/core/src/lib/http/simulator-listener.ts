import { createServer, RequestListener, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface RunningListener {
  server: Server;
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts an HTTP listener (port 0 picks a free one) and closes it, keep-alive sockets included. */
export function listenSimulator(
  handler: RequestListener,
  options: { host?: string; port?: number } = {},
): Promise<RunningListener> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        host,
        port,
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
