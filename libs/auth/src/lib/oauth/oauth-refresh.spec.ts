import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { AuthError, ForbiddenError, RetryableError } from '@concord/errors';

import { OutboundUrlPolicy } from '../outbound/outbound-url-policy';
import { refreshOAuthTokens } from './oauth-refresh';

let server: Server;
let tokenUrl = '';
let answer: { status: number; body: Record<string, unknown> } = { status: 200, body: {} };
const forms: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let form = '';
    request.on('data', (chunk: Buffer) => (form += chunk.toString()));
    request.on('end', () => {
      forms.push(form);
      response.statusCode = answer.status;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(answer.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/oauth2/token`;
});

afterAll(() => server.close());

function policy(): OutboundUrlPolicy {
  return new OutboundUrlPolicy({
    allowedHosts: ['*.my.salesforce.com'],
    // Port 9 (discard) has no listener: a token endpoint that does not answer.
    allowedLoopback: [new URL(tokenUrl).host, '127.0.0.1:9'],
    lookup: async () => [{ address: '13.110.16.5' }],
  });
}

describe('refreshOAuthTokens', () => {
  it('posts the refresh grant and returns the tokens with the checked instance URL', async () => {
    answer = {
      status: 200,
      body: {
        access_token: 'access-1',
        refresh_token: 'refresh-2',
        expires_in: 1800,
        instance_url: 'https://ACME.my.salesforce.com',
      },
    };
    const tokens = await refreshOAuthTokens({
      policy: policy(),
      tokenUrl,
      refreshToken: 'refresh-1',
      clientId: 'client',
      now: () => 1_000,
    });
    expect(tokens).toEqual({
      accessToken: 'access-1',
      refreshToken: 'refresh-2',
      expiresAt: 1_000 + 1_800_000,
      instanceUrl: 'https://acme.my.salesforce.com/',
    });
    expect(Object.fromEntries(new URLSearchParams(forms[forms.length - 1]))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
      client_id: 'client',
    });
  });

  it('refuses an instance_url the policy refuses, returning no tokens', async () => {
    answer = { status: 200, body: { access_token: 'a', instance_url: 'http://169.254.169.254/' } };
    await expect(
      refreshOAuthTokens({ policy: policy(), tokenUrl, refreshToken: 'r' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    answer = { status: 200, body: { access_token: 'a', instance_url: 'https://evil.example.com' } };
    await expect(
      refreshOAuthTokens({ policy: policy(), tokenUrl, refreshToken: 'r' }),
    ).rejects.toThrow('Outbound URL refused: host evil.example.com is not on the allow-list');
  });

  it('classifies failures: invalid_grant is permanent, 503 and no answer are retried', async () => {
    answer = {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'refresh-1 expired' },
    };
    const revoked = await refreshOAuthTokens({
      policy: policy(),
      tokenUrl,
      refreshToken: 'r',
    }).catch((error: unknown) => error);
    expect(revoked).toBeInstanceOf(AuthError);
    expect((revoked as Error).message).not.toContain('refresh-1');
    answer = { status: 503, body: {} };
    await expect(
      refreshOAuthTokens({ policy: policy(), tokenUrl, refreshToken: 'r' }),
    ).rejects.toBeInstanceOf(RetryableError);
    await expect(
      refreshOAuthTokens({
        policy: policy(),
        tokenUrl: 'http://127.0.0.1:9/token',
        refreshToken: 'r',
      }),
    ).rejects.toMatchObject({ code: 'NETWORK', message: 'token endpoint unreachable' });
  });
});
