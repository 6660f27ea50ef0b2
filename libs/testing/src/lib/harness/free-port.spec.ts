import { createServer } from 'node:net';

import { freePortPair } from './free-port';

describe('freePortPair', () => {
  it('gives a port that can be bound together with the next one', async () => {
    const port = await freePortPair();
    const servers = [createServer(), createServer()];
    await Promise.all(
      servers.map(
        (server, i) =>
          new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(port + i, '127.0.0.1', () => resolve());
          }),
      ),
    );
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
});
