import { headerValue, SimulatorRequest, SimulatorResponse } from '@concord/simulators/core';

import { XeroClient, XeroTokenStore } from './xero-token-store';

/** Xero identity's scopes for an accounting app (echoed in token responses). */
const SCOPES = 'offline_access accounting.transactions accounting.contacts accounting.settings';

/**
 * `POST /connect/token` (identity.xero.com): the refresh_token grant with client authentication
 * by HTTP Basic or by `client_id`/`client_secret` in the form, answering OAuth2's error shape.
 */
export function handleTokenRequest(
  store: XeroTokenStore,
  request: SimulatorRequest,
): SimulatorResponse {
  const form = new URLSearchParams(request.body.toString('utf8'));
  const client = clientOf(request, form);
  if (!client || !store.authenticateClient(client)) return oauthError(400, 'invalid_client');
  const grant = form.get('grant_type');
  if (grant !== 'refresh_token') return oauthError(400, 'unsupported_grant_type');
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return oauthError(400, 'invalid_request');
  const issued = store.refresh(client.clientId, refreshToken);
  if (!issued) return oauthError(400, 'invalid_grant');
  return {
    status: 200,
    headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
    body: {
      access_token: issued.accessToken,
      expires_in: issued.expiresIn,
      token_type: 'Bearer',
      refresh_token: issued.refreshToken,
      scope: SCOPES,
    },
  };
}

function clientOf(request: SimulatorRequest, form: URLSearchParams): XeroClient | undefined {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
  }
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

function oauthError(status: number, error: string): SimulatorResponse {
  return { status, body: { error }, headers: { 'cache-control': 'no-store' } };
}
