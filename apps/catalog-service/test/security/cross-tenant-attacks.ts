import { eventually } from '@concord/testing';

import { type ApiResponse, type CatalogClient, fieldsOf } from '../catalog-client';
import { SseReader } from '../sse-reader';
import type { SeededTenant } from './seed-tenant';

/** One attack: what tenant A's key did, and whether the answer shows B's data was left alone. */
export interface CrossTenantAttack {
  route: string;
  attempt: string;
  run(a: SeededTenant, b: SeededTenant): Promise<ApiResponse<unknown>>;
  /** True when the answer reveals or changed nothing of B's. */
  refused(response: ApiResponse<unknown>, b: SeededTenant): boolean;
}

/** B's identifiers: none may appear in anything A's key can read. */
export function identifiersOf(b: SeededTenant): string[] {
  return [
    b.tenantId,
    b.customerId,
    b.productId,
    b.invoiceId,
    b.apiKeyId,
    b.secondKeyId,
    b.deadLetterId,
    b.connectionTestId,
    b.notificationUrl,
  ];
}

const notFound = (response: ApiResponse<unknown>): boolean => response.status === 404;
const clientError = (response: ApiResponse<unknown>): boolean =>
  response.status >= 400 && response.status < 500;
/** A genuine tenant key on a platform-admin route: known, but not allowed there. */
const forbidden = (response: ApiResponse<unknown>): boolean => response.status === 403;

/** A 2xx/4xx answer (never 5xx) that mentions none of B's identifiers. */
function revealsNothingOf(response: ApiResponse<unknown>, b: SeededTenant): boolean {
  const text = JSON.stringify(response.body ?? null);
  return response.status < 500 && identifiersOf(b).every((id) => !text.includes(id));
}

type Ids = 'customerId' | 'productId' | 'invoiceId';
const RECORDS: Array<{ path: string; id: Ids; change: Record<string, string> }> = [
  { path: 'customers', id: 'customerId', change: { name: 'pwned' } },
  { path: 'products', id: 'productId', change: { name: 'pwned' } },
  { path: 'invoices', id: 'invoiceId', change: { number: 'pwned' } },
];

function recordAttacks(): CrossTenantAttack[] {
  return RECORDS.flatMap(({ path, id, change }): CrossTenantAttack[] => [
    {
      route: `GET /v1/${path}`,
      attempt: `list ${path} (includeDeleted) with A's key`,
      run: (a) => a.client.get(`/v1/${path}?includeDeleted=true&limit=100`),
      refused: (response, b) => response.status === 200 && revealsNothingOf(response, b),
    },
    {
      route: `GET /v1/${path}/:id`,
      attempt: `read B's ${path} record`,
      run: (a, b) => a.client.get(`/v1/${path}/${b[id]}?includeDeleted=true`),
      refused: notFound,
    },
    {
      route: `PATCH /v1/${path}/:id`,
      attempt: `patch B's ${path} record (If-Match "1")`,
      run: (a, b) =>
        a.client.patch(`/v1/${path}/${b[id]}`, change, { headers: { 'if-match': '"1"' } }),
      refused: notFound,
    },
    {
      route: `DELETE /v1/${path}/:id`,
      attempt: `delete B's ${path} record`,
      run: (a, b) => a.client.delete(`/v1/${path}/${b[id]}`),
      refused: notFound,
    },
    {
      route: `GET /v1/${path}/:id/sync`,
      attempt: `read the sync view of B's ${path} record`,
      run: (a, b) => a.client.get(`/v1/${path}/${b[id]}/sync`),
      refused: notFound,
    },
  ]);
}

/** A complete, valid invoice body naming `owner`'s customer and product. */
function invoiceBody(owner: SeededTenant, number: string): Record<string, unknown> {
  return {
    customerId: owner.customerId,
    number,
    currency: 'USD',
    issueDate: '2026-01-01',
    dueDate: '2026-01-31',
    lines: [{ productId: owner.productId, description: 'x', quantity: 1, unitAmount: 1 }],
  };
}

function createAttacks(): CrossTenantAttack[] {
  return [
    {
      route: 'POST /v1/customers',
      attempt: "create a customer naming B's tenant in the body",
      run: (a, b) => a.client.post('/v1/customers', { name: 'x', tenantId: b.tenantId }),
      refused: clientError,
    },
    {
      route: 'POST /v1/products',
      attempt: "create a product naming B's tenant in the body",
      run: (a, b) => a.client.post('/v1/products', { name: 'x', tenant: b.tenantId }),
      refused: clientError,
    },
    {
      route: 'POST /v1/invoices',
      attempt: "create an invoice for B's customer with B's product",
      // The same body with A's own ids is created (the control), so only the tenant check on the
      // customer and the product can refuse it, and the refusal must name exactly those.
      run: async (a, b) => {
        const control = await a.client.post('/v1/invoices', invoiceBody(a, `C-${a.tenantId}`));
        if (control.status !== 201) {
          throw new Error(`the invoice body is not valid: ${JSON.stringify(control.body)}`);
        }
        return a.client.post('/v1/invoices', invoiceBody(b, `X-${b.tenantId}`));
      },
      refused: (response) =>
        response.status === 400 &&
        JSON.stringify(fieldsOf(response)) === JSON.stringify(['customerId', 'lines.0.productId']),
    },
  ];
}

function list(route: string, path: string, attempt: string): CrossTenantAttack {
  return {
    route,
    attempt,
    run: (a) => a.client.get(path),
    refused: (response, b) => response.status === 200 && revealsNothingOf(response, b),
  };
}

/** Own-tenant writes: they must answer without B's data (B's snapshot is compared at the end). */
function ownWrite(
  route: string,
  attempt: string,
  run: (client: CatalogClient, b: SeededTenant) => Promise<ApiResponse<unknown>>,
): CrossTenantAttack {
  return {
    route,
    attempt,
    run: (a, b) => run(a.client, b),
    refused: (response, b) => revealsNothingOf(response, b),
  };
}

/**
 * A's key streams the live activity while B and then A record a sync event: A sees its own event
 * (so the stream was live) and never B's.
 */
function activityStreamAttack(): CrossTenantAttack {
  const written = { a: '', b: '' };
  return {
    route: 'GET /v1/sync/activity/stream',
    attempt: "stream the live activity while B's connector syncs",
    run: async (a, b) => {
      const reader = await SseReader.open(`${a.client.baseUrl}/v1/sync/activity/stream`, a.key);
      try {
        await eventually(() => expect(reader.events.map((e) => e.event)).toContain('ready'));
        written.b = await b.recordActivity({ system: 'stripe', kind: 'outcome.failed' });
        written.a = await a.recordActivity({ system: 'stripe', kind: 'outcome.synced' });
        await eventually(() => expect(JSON.stringify(reader.events)).toContain(written.a), {
          timeoutMs: 10_000,
        }).catch(() => undefined);
      } finally {
        await reader.close();
      }
      return { status: reader.status, headers: new Headers(), body: reader.events };
    },
    refused: (response, b) => {
      const text = JSON.stringify(response.body);
      return (
        response.status === 200 &&
        revealsNothingOf(response, b) &&
        written.b !== '' &&
        !text.includes(written.b) &&
        text.includes(written.a)
      );
    },
  };
}

function tenantScopedAttacks(): CrossTenantAttack[] {
  const put = (client: CatalogClient, path: string, body: unknown) =>
    client.request('PUT', path, { body });
  return [
    list('GET /v1/sync/activity', '/v1/sync/activity?limit=100', 'list sync activity'),
    activityStreamAttack(),
    list('GET /v1/sync/conflicts', '/v1/sync/conflicts?limit=100', 'list sync conflicts'),
    list('GET /v1/api-keys', '/v1/api-keys', 'list API keys'),
    list('GET /v1/session', '/v1/session', 'ask who the key is'),
    list(
      'GET /v1/overview/integrations',
      '/v1/overview/integrations',
      'read the integrations overview',
    ),
    list('GET /v1/overview/charts', '/v1/overview/charts?minutes=1440', 'read the sync charts'),
    list('GET /v1/audit-log', '/v1/audit-log?limit=100', 'read the audit log'),
    list('GET /v1/integrations', '/v1/integrations', 'list integrations'),
    list('GET /v1/integrations/:system', '/v1/integrations/stripe', 'read the stripe integration'),
    {
      // B's connector has reported a status (B reads it back first); A's never has, so A's read
      // must be 404, never B's status.
      route: 'GET /v1/integrations/:system/status',
      attempt: "read connector status when only B's connector has reported one",
      run: async (a, b) => {
        await b.reportConnectorStatus();
        return a.client.get('/v1/integrations/stripe/status');
      },
      refused: (response, b) => notFound(response) && revealsNothingOf(response, b),
    },
    list(
      'GET /v1/integrations/:system/held-deletes',
      '/v1/integrations/stripe/held-deletes',
      'list held deletes',
    ),
    list(
      'GET /v1/notifications/webhook',
      '/v1/notifications/webhook',
      'read the notification webhook',
    ),
    list('GET /v1/dead-letters', '/v1/dead-letters?limit=100', 'list dead letters'),
    {
      route: 'GET /v1/dead-letters/:id',
      attempt: "read B's dead letter",
      run: (a, b) => a.client.get(`/v1/dead-letters/${b.deadLetterId}`),
      refused: notFound,
    },
    {
      route: 'POST /v1/dead-letters/:id/replay',
      attempt: "replay B's dead letter",
      run: (a, b) => a.client.post(`/v1/dead-letters/${b.deadLetterId}/replay`, {}),
      refused: notFound,
    },
    {
      route: 'POST /v1/dead-letters/:id/discard',
      attempt: "discard B's dead letter",
      run: (a, b) => a.client.post(`/v1/dead-letters/${b.deadLetterId}/discard`, {}),
      refused: notFound,
    },
    {
      route: 'DELETE /v1/api-keys/:id',
      attempt: "revoke B's second API key",
      run: (a, b) => a.client.delete(`/v1/api-keys/${b.secondKeyId}`),
      refused: notFound,
    },
    {
      route: 'POST /v1/api-keys/:id/rotate',
      attempt: "rotate B's first API key",
      run: (a, b) => a.client.post(`/v1/api-keys/${b.apiKeyId}/rotate`, { graceSeconds: 0 }),
      refused: notFound,
    },
    ownWrite('POST /v1/api-keys', "issue a key naming B's tenant", (client, b) =>
      client.post('/v1/api-keys', { name: 'x', scopes: ['admin'], tenantId: b.tenantId }),
    ),
    ownWrite('PUT /v1/integrations/:system', 'replace own stripe settings', (client) =>
      put(client, '/v1/integrations/stripe', { enabled: false, direction: 'both' }),
    ),
    ownWrite('PATCH /v1/integrations/:system', 'patch own stripe integration', (client) =>
      client.patch('/v1/integrations/stripe', { direction: 'inbound' }),
    ),
    ownWrite('POST /v1/integrations/:system/credentials', 'set own stripe credentials', (client) =>
      client.post('/v1/integrations/stripe/credentials', { apiKey: 'sk_test_attacker' }),
    ),
    ownWrite('POST /v1/integrations/:system/pause', 'pause own stripe connection', (client) =>
      client.post('/v1/integrations/stripe/pause', { reason: 'attack' }),
    ),
    ownWrite('POST /v1/integrations/:system/resume', 'resume own stripe connection', (client) =>
      client.post('/v1/integrations/stripe/resume', {}),
    ),
    ownWrite('POST /v1/integrations/:system/reconcile', 'request own reconciliation', (client) =>
      client.post('/v1/integrations/stripe/reconcile', {}),
    ),
    ownWrite('POST /v1/integrations/:system/test', 'test own stripe connection', (client) =>
      client.post('/v1/integrations/stripe/test', {}),
    ),
    {
      route: 'POST /v1/sync/conflicts/:id/resolve',
      attempt: "resolve a conflict under one of B's record ids",
      run: (a, b) =>
        a.client.post(`/v1/sync/conflicts/${b.customerId}/resolve`, { choice: 'keep-catalog' }),
      refused: notFound,
    },
    {
      route: 'GET /v1/integrations/:system/tests/:id',
      attempt: "read B's connection test",
      run: (a, b) => a.client.get(`/v1/integrations/stripe/tests/${b.connectionTestId}`),
      refused: notFound,
    },
    ownWrite(
      'POST /v1/integrations/:system/held-deletes/approve',
      'approve held deletes',
      (client) => client.post('/v1/integrations/stripe/held-deletes/approve', {}),
    ),
    ownWrite('POST /v1/integrations/:system/held-deletes/reject', 'reject held deletes', (client) =>
      client.post('/v1/integrations/stripe/held-deletes/reject', {}),
    ),
    ownWrite('PUT /v1/notifications/webhook', "register a webhook at B's URL", (client, b) =>
      put(client, '/v1/notifications/webhook', {
        url: `http://${new URL(b.notificationUrl).host}/hooks/copied`,
      }),
    ),
    ownWrite('DELETE /v1/notifications/webhook', 'delete own notification webhook', (client) =>
      client.delete('/v1/notifications/webhook'),
    ),
    ownWrite('DELETE /v1/integrations/:system', 'delete own stripe integration', (client) =>
      client.delete('/v1/integrations/stripe'),
    ),
    {
      route: 'POST /v1/admin/tenants',
      attempt: "create a tenant with a tenant's admin-scoped key",
      run: (a) => a.client.post('/v1/admin/tenants', { id: `${a.tenantId}-x`, name: 'x' }),
      refused: forbidden,
    },
    {
      route: 'GET /v1/admin/tenants',
      attempt: "list tenants with a tenant's admin-scoped key",
      run: (a) => a.client.get('/v1/admin/tenants'),
      refused: forbidden,
    },
  ];
}

/** Every attack, in order: reads and foreign-id writes first, A's own deletions last. */
export function crossTenantAttacks(): CrossTenantAttack[] {
  return [...recordAttacks(), ...createAttacks(), ...tenantScopedAttacks()];
}
