import { pathVariants, rawHttpRequest, recordRefusal } from '@concord/testing';

import { catalogServiceRoutes } from './controller-routes';
import {
  type SecurityCatalog,
  type SecurityTenant,
  startSecurityCatalog,
} from './security-catalog';

let catalog: SecurityCatalog;
let a: SecurityTenant;
let bCustomerId: string;
/** B's record's content: a 404 may echo the path (and so B's id), never B's data. */
const B_CUSTOMER_NAME = 'B customer, private';

beforeAll(async () => {
  catalog = await startSecurityCatalog();
  a = await catalog.newTenant();
  const b = await catalog.newTenant();
  const customer = await b.client.post<{ id: string }>('/v1/customers', { name: B_CUSTOMER_NAME });
  bCustomerId = customer.body.id;
}, 180_000);

afterAll(() => catalog?.stop(), 60_000);

/** A concrete path for a route: ids are one of B's, systems are stripe. */
function concretePath(route: string): { method: string; path: string } {
  const [method, template] = route.split(' ');
  const path = template.replace(/:id\b/g, bCustomerId).replace(/:system\b/g, 'stripe');
  return { method, path };
}

const CREDENTIALS: Array<{ who: string; headers: () => Record<string, string> }> = [
  { who: 'no credentials', headers: () => ({}) },
  { who: "tenant A's key", headers: () => ({ authorization: `Bearer ${a.key}` }) },
  {
    who: 'the platform admin key',
    headers: () => ({ authorization: `Bearer ${catalog.env.CONCORD_ADMIN_API_KEY}` }),
  },
];

describe('path variants: every route is reached by exactly one spelling of its path', () => {
  it('reaches the canonical paths (the variants below are refused for their spelling alone)', async () => {
    const lists = await rawHttpRequest(catalog.app.url, 'GET', '/v1/customers', {
      authorization: `Bearer ${a.key}`,
    });
    expect(lists.status).toBe(200);
    const admin = await rawHttpRequest(catalog.app.url, 'GET', '/v1/admin/tenants', {
      authorization: `Bearer ${catalog.env.CONCORD_ADMIN_API_KEY}`,
    });
    expect(admin.status).toBe(200);
  });

  it('answers 404 to case, percent-encoding, doubled-slash, dot-segment and trailing-slash variants of every route, whoever asks', async () => {
    const routes = catalogServiceRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const gotThrough: string[] = [];
    for (const route of routes) {
      const { method, path } = concretePath(route);
      for (const variant of pathVariants(path)) {
        for (const { who, headers } of CREDENTIALS) {
          const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
          const response = await rawHttpRequest(
            catalog.app.url,
            method,
            variant.path,
            headers(),
            body,
          );
          catalog.responses.push(response.body);
          const refused = recordRefusal(
            'path-variants',
            `${method} ${variant.path} (${variant.kind}) with ${who}`,
            response.status === 404 && !response.body.includes(B_CUSTOMER_NAME),
            `HTTP ${response.status}`,
          );
          if (!refused)
            gotThrough.push(`${method} ${variant.path} with ${who} -> ${response.status}`);
        }
      }
    }
    expect(gotThrough).toEqual([]);
  });
});
