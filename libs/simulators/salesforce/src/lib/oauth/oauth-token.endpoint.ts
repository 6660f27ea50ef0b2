import { createHmac, timingSafeEqual } from 'node:crypto';

import { SimulationClock, SimulatorRequest, SimulatorResponse } from '@concord/simulators/core';

import { ConnectedApp, OrgRegistry } from '../org/org-registry';
import { verifyJwtBearerAssertion } from './jwt-bearer-assertion';
import { OAuthError } from './oauth.error';
import { SessionStore } from './session-store';

export const TOKEN_PATH = '/services/oauth2/token';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** `POST /services/oauth2/token`: client-credentials, refresh-token and JWT-bearer grants. */
export class OAuthTokenEndpoint {
  constructor(
    private readonly registry: OrgRegistry,
    private readonly sessions: SessionStore,
    private readonly clock: SimulationClock,
    /** Told of every access token issued (the control API counts them per org). */
    private readonly onIssued: (orgId: string) => void = () => undefined,
  ) {}

  handle(request: SimulatorRequest, baseUrl: string): SimulatorResponse {
    try {
      if (request.method !== 'POST') {
        throw new OAuthError('invalid_request', 'must use HTTP POST', 405);
      }
      const form = new URLSearchParams(
        request.body.length > 0 ? request.body.toString('utf8') : request.query,
      );
      const app = this.authenticate(form);
      const session = this.sessions.issue(app, this.clock.now());
      this.onIssued(app.org.id);
      const id = `${baseUrl}/id/${app.org.id}/${app.org.userId}`;
      const issuedAt = String(session.issuedAt);
      return {
        status: 200,
        headers: { 'cache-control': 'no-cache, no-store' },
        body: {
          access_token: session.accessToken,
          signature: createHmac('sha256', app.clientSecret)
            .update(id + issuedAt)
            .digest('base64'),
          scope: 'api refresh_token',
          instance_url: baseUrl,
          id,
          token_type: 'Bearer',
          issued_at: issuedAt,
        },
      };
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      return { status: error.status, body: error.toBody() };
    }
  }

  private authenticate(form: URLSearchParams): ConnectedApp {
    const grant = form.get('grant_type');
    switch (grant) {
      case 'client_credentials':
        return this.client(form, true);
      case 'refresh_token': {
        const app = this.client(form, false);
        const token = form.get('refresh_token') ?? '';
        if (!app.refreshTokens.has(token)) {
          throw new OAuthError('invalid_grant', 'expired access/refresh token');
        }
        return app;
      }
      case JWT_BEARER_GRANT:
        return verifyJwtBearerAssertion(
          form.get('assertion') ?? '',
          (clientId) => this.registry.app(clientId),
          this.clock.now(),
        );
      case null:
        throw new OAuthError('unsupported_grant_type', 'grant type not supported: missing');
      default:
        throw new OAuthError('unsupported_grant_type', `grant type not supported: ${grant}`);
    }
  }

  /** The app named by client_id; its secret is checked when required or given. */
  private client(form: URLSearchParams, secretRequired: boolean): ConnectedApp {
    const app = this.registry.app(form.get('client_id') ?? '');
    if (!app) throw new OAuthError('invalid_client_id', 'client identifier invalid');
    const secret = form.get('client_secret');
    if ((secretRequired || secret !== null) && !sameSecret(secret ?? '', app.clientSecret)) {
      throw new OAuthError('invalid_client', 'invalid client credentials');
    }
    return app;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
