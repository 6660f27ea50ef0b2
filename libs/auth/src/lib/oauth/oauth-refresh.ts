import { type Agent, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { ForbiddenError, RetryableError, RetryableErrorCode } from '@concord/errors';

import type { OutboundUrlPolicy } from '../outbound/outbound-url-policy';
import { pinnedAgent } from '../outbound/pinned-agent';
import type { TokenSet } from './oauth-token-manager';
import { tokenEndpointError } from './token-endpoint-error';

/** A refreshed token set; `instanceUrl` when the provider names the API host (Salesforce). */
export interface RefreshedTokens extends TokenSet {
  /** The normalised `instance_url`, already checked by the policy: call this one. */
  instanceUrl?: string;
}

export interface OAuthRefreshRequest {
  /** Checks the token URL, the connection to it, and the `instance_url` it answers. */
  policy: OutboundUrlPolicy;
  tokenUrl: string;
  refreshToken: string;
  clientId?: string;
  clientSecret?: string;
  now?: () => number;
  timeoutMs?: number;
}

interface TokenAnswer {
  access_token?: unknown;
  refresh_token?: unknown;
  instance_url?: unknown;
  expires_in?: unknown;
  error?: unknown;
}

interface FormAnswer {
  status: number;
  body: string;
  retryAfter: string | null;
}

function postForm(
  url: URL,
  agent: Agent,
  form: URLSearchParams,
  timeoutMs: number,
): Promise<FormAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = form.toString();
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'content-length': String(Buffer.byteLength(payload)),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            retryAfter: [response.headers['retry-after']].flat()[0] ?? null,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * One `grant_type=refresh_token` call, for an OAuthTokenManager's `refresh`: the token URL passes
 * the policy and is reached only at checked addresses; a failure is classified by
 * tokenEndpointError (only the OAuth error code is kept, the body may echo credentials); and an
 * `instance_url` in the answer (the host the connector will call next, chosen by the response)
 * must pass the same policy, else ForbiddenError(URL_NOT_ALLOWED) and no token set is returned.
 */
export async function refreshOAuthTokens(request: OAuthRefreshRequest): Promise<RefreshedTokens> {
  const { policy, now = Date.now, timeoutMs = 20_000 } = request;
  const { url } = await policy.assertAllowed(request.tokenUrl);
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: request.refreshToken,
  });
  if (request.clientId) form.set('client_id', request.clientId);
  if (request.clientSecret) form.set('client_secret', request.clientSecret);
  const agent = pinnedAgent(policy, url);
  let answer: FormAnswer;
  try {
    answer = await postForm(url, agent, form, timeoutMs);
  } catch (error) {
    // A refusal by the pinned agent stays a refusal; anything else is a network failure.
    if (error instanceof ForbiddenError) throw error;
    throw tokenEndpointError({});
  } finally {
    agent.destroy();
  }
  let body: TokenAnswer = {};
  try {
    body = JSON.parse(answer.body) as TokenAnswer;
  } catch {
    body = {};
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw tokenEndpointError({
      status: answer.status,
      error: typeof body.error === 'string' ? body.error : undefined,
      retryAfter: answer.retryAfter,
      now: now(),
    });
  }
  if (typeof body.access_token !== 'string') {
    throw new RetryableError(
      RetryableErrorCode.UPSTREAM_UNAVAILABLE,
      'token endpoint answered without an access_token',
    );
  }
  const tokens: RefreshedTokens = {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresAt: now() + (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000,
  };
  if (body.instance_url !== undefined) {
    const instance = await policy.assertAllowed(String(body.instance_url));
    tokens.instanceUrl = instance.url.toString();
  }
  return tokens;
}
