import { connect, createServer, type Server, type Socket } from 'node:net';

import { freePort, testDatabaseAdminUrl } from '@concord/testing';

import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

/** A TCP relay to the test PostgreSQL server that the test can stop, as if the database stopped. */
class DatabaseRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: URL,
  ) {}

  async start(): Promise<void> {
    if (this.server !== null) return;
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe('a stopped database', () => {
  let relay: DatabaseRelay;
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    const target = new URL(testDatabaseAdminUrl());
    relay = new DatabaseRelay(await freePort(), target);
    await relay.start();
    const viaRelay = new URL(target.href);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String(relay.port);
    catalog = await startTestCatalog({ DATABASE_URL: viaRelay.href });
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await relay?.start();
    await catalog?.close();
    await relay?.stop();
  });

  it('answers 503 while the database is unreachable, a retryable error, and recovers after', async () => {
    expect((await tenant.client.get('/v1/customers')).status).toBe(200);

    await relay.stop();
    // Once with the pooled connections cut, once more when new connections are refused.
    for (const request of [
      () => tenant.client.get('/v1/customers'),
      () => tenant.client.post('/v1/customers', { name: 'Ada' }),
    ]) {
      const response = await request();
      expect({ status: response.status, body: response.body }).toEqual({
        status: 503,
        body: {
          error: {
            code: 'UPSTREAM_UNAVAILABLE',
            category: 'retryable',
            message: 'The database is unavailable; try again later',
          },
        },
      });
    }

    await relay.start();
    const after = await tenant.client.post('/v1/customers', { name: 'Ada' });
    expect(after.status).toBe(201);
  });
});
