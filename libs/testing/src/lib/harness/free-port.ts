import { createServer } from 'node:net';

/** A TCP port that was free a moment ago on 127.0.0.1 (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close(() => reject(new Error('could not read the bound port')));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** Whether `port` can be bound on 127.0.0.1 now. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port whose next port is free too: a Kafka broker started by `tools/kafka` listens on
 * `port` and its KRaft controller on `port + 1`, and keeps both across restarts.
 */
export async function freePortPair(): Promise<number> {
  // Below Linux's ephemeral range (32768-60999), so an outgoing connection cannot take either
  // port between a broker's restarts.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + 2 * Math.floor(Math.random() * 6_000);
    if ((await canBind(port)) && (await canBind(port + 1))) return port;
  }
  throw new Error('no free pair of adjacent ports on 127.0.0.1 after 50 tries');
}
