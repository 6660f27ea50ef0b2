import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import { AuthError, ForbiddenError } from '@concord/errors';

import { OutboundUrlPolicy } from '../outbound/outbound-url-policy';
import { OAuthTokenManager, TokenSet } from './oauth-token-manager';
import { tokenEndpointError } from './token-endpoint-error';

/**
 * A real HTTP token endpoint on loopback, reached through the outbound policy the way a connector
 * reaches a simulator: what the endpoint receives is what a provider would see.
 */
describe('OAuthTokenManager against a real token endpoint', () => {
  let server: Server;
  let tokenUrl: string;
  let policy: OutboundUrlPolicy;
  const received: Array<{ grantType: string | null; refreshToken: string | null }> = [];
  let revoked = false;
  let issued = 0;

  async function readBody(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const form = new URLSearchParams(await readBody(request));
      received.push({ grantType: form.get('grant_type'), refreshToken: form.get('refresh_token') });
      // Answer slowly enough that concurrent callers really overlap the one request in flight.
      await new Promise((resolve) => setTimeout(resolve, 50));
      response.setHeader('content-type', 'application/json');
      if (revoked) {
        response.statusCode = 400;
        response.end(JSON.stringify({ error: 'invalid_grant' }));
        return;
      }
      issued += 1;
      response.end(
        JSON.stringify({
          access_token: `access-${issued}`,
          refresh_token: `refresh-${issued}`,
          expires_in: 1800,
        }),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    tokenUrl = `http://127.0.0.1:${port}/connect/token`;
    policy = new OutboundUrlPolicy({
      allowedHosts: ['identity.xero.com'],
      allowedLoopback: [`127.0.0.1:${port}`],
    });
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  function manager(): OAuthTokenManager {
    return new OAuthTokenManager({
      refresh: async (current): Promise<TokenSet> => {
        const { url } = await policy.assertAllowed(tokenUrl);
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: current?.refreshToken ?? 'refresh-0',
          }),
        });
        const body = (await response.json()) as {
          access_token?: string;
          refresh_token?: string;
          expires_in?: number;
          error?: string;
        };
        if (!response.ok) throw tokenEndpointError({ status: response.status, error: body.error });
        return {
          accessToken: String(body.access_token),
          refreshToken: body.refresh_token,
          expiresAt: Date.now() + Number(body.expires_in) * 1000,
        };
      },
    });
  }

  it('sends one refresh request for 20 concurrent callers and stores the rotated token', async () => {
    received.length = 0;
    const tokens = manager();
    const rotated: string[] = [];
    tokens.onRotated((connectionId, set) => {
      rotated.push(`${connectionId}:${set.refreshToken}`);
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => tokens.getAccessToken('tenant-1:xero')),
    );
    expect(new Set(results).size).toBe(1);
    expect(received).toEqual([{ grantType: 'refresh_token', refreshToken: 'refresh-0' }]);
    expect(rotated).toEqual([`tenant-1:xero:refresh-${issued}`]);

    tokens.invalidate('tenant-1:xero', results[0]);
    const [next] = await Promise.all([
      tokens.getAccessToken('tenant-1:xero'),
      tokens.getAccessToken('tenant-1:xero'),
    ]);
    expect(next).not.toBe(results[0]);
    expect(received).toHaveLength(2);
    expect(received[1].refreshToken).toBe(rotated[0].split(':').pop());
  });

  it('pauses the connection on invalid_grant', async () => {
    revoked = true;
    try {
      const error = await manager()
        .getAccessToken('tenant-2:xero')
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).details).toEqual({
        connectionId: 'tenant-2:xero',
        reason: 'REVOKED_CREDENTIALS',
      });
    } finally {
      revoked = false;
    }
  });

  it('never calls a token URL outside the allow-list', async () => {
    const requestsBefore = received.length;
    const strict = new OutboundUrlPolicy({ allowedHosts: ['identity.xero.com'] });
    await expect(strict.assertAllowed(tokenUrl)).rejects.toBeInstanceOf(ForbiddenError);
    expect(received).toHaveLength(requestsBefore);
  });
});
