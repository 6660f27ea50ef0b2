import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real OAuth token endpoint on loopback that rotates refresh tokens and counts refreshes. */
export interface TokenEndpoint {
  readonly url: string;
  readonly host: string;
  /** Refresh requests received so far. */
  refreshes(): number;
  close(): Promise<void>;
}

/**
 * Answers every `grant_type=refresh_token` POST with a new access token, a rotated refresh token
 * and `instance_url` (Salesforce style), slowly enough that concurrent callers really overlap.
 */
export async function startTokenEndpoint(
  instanceUrl: () => string,
  delayMs = 100,
): Promise<TokenEndpoint> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      count += 1;
      const issued = count;
      setTimeout(() => {
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            access_token: `access-${issued}`,
            refresh_token: `refresh-${issued}`,
            instance_url: instanceUrl(),
            expires_in: 3600,
          }),
        );
      }, delayMs);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/oauth2/token`,
    host: `127.0.0.1:${port}`,
    refreshes: () => count,
    close: async () => {
      server.close();
      await once(server, 'close');
    },
  };
}

/** What a connector gets back from a refresh: the tokens and the instance it must call. */
export interface SalesforceTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
  instanceUrl: string;
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  instance_url: string;
  expires_in: number;
}

/** POSTs a refresh to the endpoint and returns the parsed answer (no policy applied here). */
export async function refreshAt(url: string, refreshToken: string): Promise<SalesforceTokens> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  const body = (await response.json()) as TokenAnswer;
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresAt: Date.now() + body.expires_in * 1000,
    instanceUrl: body.instance_url,
  };
}
