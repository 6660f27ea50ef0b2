import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { encryptSecret, generateKey, KeyRing } from '@concord/auth';
import { ConnectionResolver } from '@concord/connector-kit';
import { aConnectionSettings, rebindingDns } from '@concord/testing';

import { createStripeClient } from './stripe-client.factory';

const HOST = 'api.rebind.test';
const keyRing = KeyRing.parse(`k1:${generateKey()}`, 'k1');
let target: Server;
let hits = 0;
let port = 0;

beforeAll(async () => {
  // Loopback, and not an allowed host:port: a request landing here is SSRF.
  target = createServer((_request, response) => {
    hits += 1;
    response.setHeader('content-type', 'application/json');
    response.end('{"object":"list","data":[],"has_more":false}');
  });
  target.listen(0, '127.0.0.1');
  await once(target, 'listening');
  port = (target.address() as AddressInfo).port;
});

afterAll(() => target.close());

describe('createStripeClient', () => {
  it('never reaches an address the base URL host rebinds to after the resolver checked it', async () => {
    const settings = aConnectionSettings({ settings: { baseUrl: `http://${HOST}:${port}` } });
    settings.credentials = encryptSecret(
      keyRing,
      JSON.stringify({ apiKey: 'sk_test_rebind' }),
      `${settings.tenant}:stripe`,
    );
    const resolver = new ConnectionResolver(keyRing, [HOST], [], 'https://api.stripe.com');
    const dns = rebindingDns(HOST, '93.184.216.34', '127.0.0.1');
    try {
      const resolution = await resolver.resolve(settings);
      if (!resolution.ok) throw new Error(resolution.problem);
      const stripe = createStripeClient(resolution.connection);
      const outcome = await stripe.customers.list({ limit: 1 }).then(
        () => 'called',
        // The SDK wraps a connection failure; `detail` is the socket's error.
        (error: Error & { detail?: Error }) => `${error.message} ${error.detail?.message}`,
      );

      expect(hits).toBe(0);
      expect(dns.answers).toEqual(['93.184.216.34', '127.0.0.1']);
      expect(outcome).toContain(
        `Outbound URL refused: host ${HOST} resolves to a loopback address (127.0.0.1)`,
      );
    } finally {
      dns.restore();
    }
  });
});
