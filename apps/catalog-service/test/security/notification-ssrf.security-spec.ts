import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { eventually, hostileUrls, recordRefusal } from '@concord/testing';
import { Pool } from 'pg';

import { type ErrorBody, fieldsOf } from '../catalog-client';
import { reportConnectorStatus } from './connector-status-report';
import {
  type SecurityCatalog,
  type SecurityTenant,
  startSecurityCatalog,
} from './security-catalog';

let catalog: SecurityCatalog;
let tenant: SecurityTenant;
let db: Pool;
/** A real listener on loopback, NOT on the allowed list: any request reaching it is an SSRF. */
let target: Server;
let hits = 0;
/** The one receiver the catalog may call (NOTIFICATION_ALLOWED_LOOPBACK): the control. */
let receiver: Server;
const received: string[] = [];

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  target = createServer((_request, response) => {
    hits += 1;
    response.end('ok');
  });
  await listen(target);
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(body);
      response.end('ok');
    });
  });
  const allowedPort = await listen(receiver);
  catalog = await startSecurityCatalog({
    NOTIFICATION_ALLOWED_LOOPBACK: `127.0.0.1:${allowedPort}`,
    NOTIFICATION_POLL_INTERVAL_MS: '200',
  });
  tenant = await catalog.newTenant();
  const url = new URL(catalog.env.DATABASE_URL);
  url.pathname = `/${catalog.env.CATALOG_DATABASE}`;
  db = new Pool({ connectionString: url.toString(), max: 2 });
}, 120_000);

afterAll(async () => {
  await db?.end();
  await catalog?.stop();
  target?.close();
  receiver?.close();
}, 60_000);

describe('SSRF through the notifications webhook URL (PUT /v1/notifications/webhook)', () => {
  it('refuses every loopback, private, link-local, metadata, odd-scheme and credentialed URL with a 400 naming url', async () => {
    const { port } = target.address() as AddressInfo;
    const gotThrough: string[] = [];
    for (const hostile of hostileUrls(port)) {
      const response = await tenant.client.request<ErrorBody>('PUT', '/v1/notifications/webhook', {
        body: { url: hostile.url },
      });
      catalog.responses.push(JSON.stringify(response.body));
      const refused = response.status === 400 && fieldsOf(response).includes('url');
      recordRefusal(
        'ssrf',
        `notification webhook url: ${hostile.kind} (${hostile.url})`,
        refused,
        `HTTP ${response.status} ${refused ? response.body.error.message : ''}`.trim(),
      );
      if (!refused) gotThrough.push(`${hostile.kind}: ${response.status}`);
    }
    expect(gotThrough).toEqual([]);
    const stored = await tenant.client.get('/v1/notifications/webhook');
    expect(stored.status).toBe(404);
  });

  it('checks the stored URL again at send time: a URL that now reaches loopback is never called', async () => {
    const owner = await catalog.newTenant();
    const { port: receiverPort } = receiver.address() as AddressInfo;
    const registered = await owner.client.request('PUT', '/v1/notifications/webhook', {
      body: { url: `http://127.0.0.1:${receiverPort}/hooks/${owner.tenantId}` },
    });
    expect(registered.status).toBe(200);
    const integration = await owner.client.request('PUT', '/v1/integrations/stripe', {
      body: { enabled: false },
    });
    expect(integration.status).toBeLessThan(300);

    // The control: a notification really is delivered to the registered receiver.
    await reportConnectorStatus(catalog, owner, { state: 'needs-attention' });
    await eventually(
      () => expect(received.filter((body) => body.includes(owner.tenantId))).toHaveLength(1),
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // The stored URL now leads to loopback (what a name rebinding after the check amounts to,
    // or a row written before the policy): the dispatcher must refuse it when it sends.
    const { port } = target.address() as AddressInfo;
    await db.query('UPDATE notification_webhooks SET url = $2 WHERE tenant_id = $1', [
      owner.tenantId,
      `http://127.0.0.1:${port}/hook`,
    ]);
    await reportConnectorStatus(catalog, owner, { state: 'paused' });
    const attempt = await eventually(
      async () => {
        const { rows } = await db.query<{ attempts: number; last_error: string | null }>(
          `SELECT attempts, last_error FROM notification_deliveries
            WHERE tenant_id = $1 AND event_type = 'connection.paused'`,
          [owner.tenantId],
        );
        expect(rows[0]?.attempts).toBeGreaterThanOrEqual(1);
        return rows[0];
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const refused = hits === 0 && /loopback/.test(attempt.last_error ?? '');
    recordRefusal(
      'ssrf',
      'notification delivery to a stored URL that now reaches loopback',
      refused,
      `${hits} request(s) reached the target; last error: ${attempt.last_error}`,
    );
    expect(hits).toBe(0);
    expect(attempt.last_error).toMatch(/loopback address/);
  });
});
