import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createRedisClient } from './redis-client';

// A stand-in server that records the first bytes a client sends and hangs up: a TLS handshake
// starts with a record of type 0x16, a plain Redis client with a RESP command ("*").
describe('createRedisClient on the wire', () => {
  let server: Server;
  let port: number;
  let first: Promise<Buffer>;
  let dir: string;

  beforeEach(async () => {
    first = new Promise((resolve) => {
      server = createServer((socket) =>
        socket.once('data', (chunk) => {
          resolve(chunk);
          if (chunk[0] === 0x16) socket.end();
          else socket.end('-ERR stand-in\r\n');
        }),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterEach(() => server.close());

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'concord-redis-tls-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function firstBytes(url: string, caFile?: string): Promise<Buffer> {
    const redis = createRedisClient(url, caFile);
    redis.on('error', () => undefined);
    redis.connect().catch(() => undefined);
    try {
      return await first;
    } finally {
      await new Promise((resolve) => {
        redis.once('end', resolve);
        redis.disconnect();
      });
    }
  }

  it('speaks TLS for a rediss: URL, also with a CA file', async () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '');
    expect((await firstBytes(`rediss://:pw@127.0.0.1:${port}/0`, ca))[0]).toBe(0x16);
  });

  it('speaks plain RESP for a redis: URL, authenticating with the URL password first', async () => {
    const bytes = await firstBytes(`redis://:s3cret@127.0.0.1:${port}/0`);
    expect(bytes.toString()).toMatch(/^\*2\r\n\$4\r\nauth\r\n\$6\r\ns3cret\r\n/i);
  });
});
