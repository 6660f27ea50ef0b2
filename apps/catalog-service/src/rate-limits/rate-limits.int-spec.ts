import { parseApiKey } from '@concord/auth';

import { errorCodeOf } from '../../test/catalog-client';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

/** The value of a counter on /metrics (0 when absent). */
async function counter(catalog: TestCatalog, name: string): Promise<number> {
  const text = await (await fetch(`${catalog.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

/** A key with the same key id as `key` and another secret. */
function wrongSecret(key: string): string {
  const secret = key.slice(key.lastIndexOf('_') + 1);
  const flipped = secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  return `${key.slice(0, key.lastIndexOf('_') + 1)}${flipped}`;
}

describe('API rate limits', () => {
  describe('per API key and per client address', () => {
    let catalog: TestCatalog;
    let tenant: TestTenant;

    beforeAll(async () => {
      catalog = await startTestCatalog({
        RATE_LIMIT_PER_KEY_PER_SECOND: '5',
        RATE_LIMIT_PER_ADDRESS_PER_SECOND: '5',
        TRUST_PROXY_HOPS: '1',
      });
      tenant = await catalog.newTenant();
    });

    afterAll(() => catalog?.close());

    it('answers 429 with Retry-After once a key has used its budget, and serves it again after', async () => {
      // 40 requests at once (each from its own address) against 5 a second for the key.
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          fetch(`${catalog.url}/v1/customers`, {
            headers: { authorization: `Bearer ${tenant.key}`, 'x-forwarded-for': `10.0.0.${i}` },
          }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      const refused = responses.find((response) => response.status === 429);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(20);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused?.json()) as { error: { code: string } }).error.code).toBe(
        'TOO_MANY_REQUESTS',
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await tenant.client.get('/v1/customers')).status).toBe(200);
    });

    it('counts each client address apart, taking X-Forwarded-For through the trusted hop only', async () => {
      const flood = async (forwardedFor: (i: number) => string): Promise<number[]> =>
        Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            fetch(`${catalog.url}/v1/customers`, {
              headers: { 'x-forwarded-for': forwardedFor(i) },
            }).then((response) => response.status),
          ),
        );
      // 60 requests at once against a budget of 5 a second: far more than refills meanwhile,
      // however slowly a busy machine serves them.
      const first = await flood(() => '203.0.113.7');
      expect(first.filter((s) => s === 401).length).toBeGreaterThanOrEqual(5);
      expect(first.filter((s) => s === 429).length).toBeGreaterThan(30);
      // Another address is not held back by the first one's flood.
      const other = await fetch(`${catalog.url}/v1/customers`, {
        headers: { 'x-forwarded-for': '203.0.113.8' },
      });
      expect(other.status).toBe(401);
      // A client cannot pick its own address: with one trusted hop only the entry the proxy
      // added counts, whatever the client wrote before it.
      const spoofed = await flood((i) => `198.51.100.${i}, 203.0.113.9`);
      expect(spoofed).toContain(429);
    });
  });

  describe('failed authentication per key id', () => {
    let catalog: TestCatalog;
    let tenant: TestTenant;

    beforeAll(async () => {
      catalog = await startTestCatalog({ RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3' });
      tenant = await catalog.newTenant();
    });

    afterAll(() => catalog?.close());

    it('throttles wrong secrets with 429 without any scrypt work, and still accepts the right one', async () => {
      const hashesBefore = await counter(catalog, 'catalog_api_key_hash_verifications_total');
      const wrong = wrongSecret(tenant.key);
      expect(parseApiKey(wrong).keyId).toBe(parseApiKey(tenant.key).keyId);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        statuses.push((await tenant.client.get('/v1/customers', { key: wrong })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
      const hashesAfterFailures = await counter(
        catalog,
        'catalog_api_key_hash_verifications_total',
      );
      expect(hashesAfterFailures).toBe(hashesBefore);

      // The genuine secret, never used before (so verified by scrypt now, not remembered), is never
      // answered 429 for failures under its key id.
      const genuine = await tenant.client.get('/v1/customers');
      expect(genuine.status).toBe(200);
      expect(await counter(catalog, 'catalog_api_key_hash_verifications_total')).toBe(
        hashesBefore + 1,
      );
      const stillThrottled = await tenant.client.get('/v1/customers', { key: wrong });
      expect(stillThrottled.status).toBe(429);
      expect(errorCodeOf(stillThrottled)).toBe('TOO_MANY_REQUESTS');
    });
  });
});
