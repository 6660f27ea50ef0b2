import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';

import { Client } from 'pg';
import { parse } from 'pg-connection-string';

import { withPostgresSsl } from './postgres-ssl';

// What node-postgres makes of the URL decides what goes on the wire, so the URL is checked through
// its own parser rather than by its text.
const sslOf = (url: string): unknown => parse(url).ssl;

describe('withPostgresSsl', () => {
  const url = 'postgres://app:pw@db.internal:5432/app';

  it('leaves the URL alone when DATABASE_SSL is unset', () => {
    expect(withPostgresSsl(url, {})).toBe(url);
  });

  it('disable connects in clear', () => {
    expect(sslOf(withPostgresSsl(url, { DATABASE_SSL: 'disable' }))).toBe(false);
  });

  it('require encrypts without verifying the server certificate', () => {
    expect(sslOf(withPostgresSsl(url, { DATABASE_SSL: 'require' }))).toEqual({
      rejectUnauthorized: false,
    });
  });

  it('verify-full checks the chain and host, trusting the CA file when one is given', () => {
    const dir = __dirname;
    const caFile = `${dir}/postgres-ssl.spec.ts`;
    const verified = withPostgresSsl(url, {
      DATABASE_SSL: 'verify-full',
      DATABASE_SSL_CA_FILE: caFile,
    });
    const ssl = sslOf(verified) as { ca?: string; rejectUnauthorized?: boolean };
    expect(ssl.rejectUnauthorized).not.toBe(false);
    expect(ssl.ca).toContain('verify-full checks the chain');
    expect(verified).toMatch(/^postgres:\/\/app:pw@db\.internal:5432\/app\?/);
  });
});

// A PostgreSQL stand-in that records the client's first message and declines TLS ('N'), then
// hangs up: enough to see on the wire whether the client asked for TLS.
async function firstMessageFrom(
  url: (port: number) => string,
): Promise<{ code: number; error: string }> {
  let first: Buffer | undefined;
  const server = createServer((socket) => {
    socket.once('data', (chunk) => {
      first = chunk;
      if (chunk.readInt32BE(4) === SSL_REQUEST) socket.end('N');
      else socket.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const client = new Client({ connectionString: url(port), connectionTimeoutMillis: 2000 });
  const error = await client.connect().then(
    () => 'connected',
    (e: Error) => e.message,
  );
  server.close();
  return { code: first ? first.readInt32BE(4) : -1, error };
}

const SSL_REQUEST = 80877103;
const PROTOCOL_3 = 196608;

describe('withPostgresSsl on the wire (node-postgres against a stand-in server)', () => {
  const base = (port: number) => `postgres://app:pw@127.0.0.1:${port}/app`;

  it('require: the client asks for TLS first and refuses a server without it', async () => {
    const { code, error } = await firstMessageFrom((port) =>
      withPostgresSsl(base(port), { DATABASE_SSL: 'require' }),
    );
    expect(code).toBe(SSL_REQUEST);
    expect(error).toBe('The server does not support SSL connections');
  });

  it('disable: the client starts in clear', async () => {
    const { code } = await firstMessageFrom((port) =>
      withPostgresSsl(base(port), { DATABASE_SSL: 'disable' }),
    );
    expect(code).toBe(PROTOCOL_3);
  });
});
