import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { freePort, hostileUrls, recordRefusal } from '@concord/testing';

import { type ErrorBody, fieldsOf } from '../catalog-client';
import {
  type SecurityCatalog,
  type SecurityTenant,
  startSecurityCatalog,
} from './security-catalog';

let catalog: SecurityCatalog;
let tenant: SecurityTenant;
let target: Server;
let hits = 0;

beforeAll(async () => {
  // A real listener on loopback, NOT on the allowed list: any request reaching it is an SSRF.
  target = createServer((_request, response) => {
    hits += 1;
    response.end('ok');
  });
  target.listen(0, '127.0.0.1');
  await once(target, 'listening');
  const allowedPort = await freePort();
  catalog = await startSecurityCatalog({
    NOTIFICATION_ALLOWED_LOOPBACK: `127.0.0.1:${allowedPort}`,
  });
  tenant = await catalog.newTenant();
}, 120_000);

afterAll(async () => {
  await catalog?.stop();
  target?.close();
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
    expect(hits).toBe(0);
  });
});
