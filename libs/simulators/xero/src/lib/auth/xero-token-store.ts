import { SimulationClock } from '@concord/simulators/core';

import { XeroIdFactory } from '../organisations/xero-id.factory';

/** The demo app's credentials; documented in the README, safe to commit (they only open the simulator). */
export const XERO_DEMO_CREDENTIALS = {
  accessToken: 'concord-demo-token',
  clientId: 'concord-demo',
  clientSecret: 'concord-demo-secret',
  refreshToken: 'concord-demo-refresh',
} as const;

export const DEFAULT_ACCESS_TOKEN_SECONDS = 30 * 60;

export interface XeroClient {
  clientId: string;
  clientSecret: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type TokenCheck = { ok: true } | { ok: false; detail: string };

/**
 * Access and refresh tokens as Xero's identity server keeps them: access tokens live 30 minutes
 * (on the simulation clock), refresh tokens rotate on every use (the old one stops working).
 * The demo access token never expires.
 */
export class XeroTokenStore {
  private readonly clients = new Map<string, string>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly accessTokens = new Map<string, number>();
  private accessTokenSeconds: number;
  private issued = 0;

  constructor(
    private readonly clock: SimulationClock,
    private readonly ids: XeroIdFactory,
    options: { accessTokenSeconds?: number } = {},
  ) {
    this.accessTokenSeconds = options.accessTokenSeconds ?? DEFAULT_ACCESS_TOKEN_SECONDS;
    this.clients.set(XERO_DEMO_CREDENTIALS.clientId, XERO_DEMO_CREDENTIALS.clientSecret);
    this.refreshTokens.set(XERO_DEMO_CREDENTIALS.refreshToken, XERO_DEMO_CREDENTIALS.clientId);
    this.accessTokens.set(XERO_DEMO_CREDENTIALS.accessToken, Number.POSITIVE_INFINITY);
  }

  authenticateClient(client: XeroClient): boolean {
    return this.clients.get(client.clientId) === client.clientSecret;
  }

  /** Uses up `refreshToken` and issues a new pair; undefined when it is unknown or used. */
  refresh(clientId: string, refreshToken: string): IssuedTokens | undefined {
    if (this.refreshTokens.get(refreshToken) !== clientId) return undefined;
    this.refreshTokens.delete(refreshToken);
    const next = this.ids.token(64);
    this.refreshTokens.set(next, clientId);
    const accessToken = `sim-${this.ids.token(48)}`;
    this.accessTokens.set(accessToken, this.clock.now() + this.accessTokenSeconds * 1000);
    this.issued += 1;
    return { accessToken, refreshToken: next, expiresIn: this.accessTokenSeconds };
  }

  /** A refresh token the control API hands out (say, after a demo's token was used elsewhere). */
  grantRefreshToken(refreshToken: string, clientId: string = XERO_DEMO_CREDENTIALS.clientId): void {
    this.refreshTokens.set(refreshToken, clientId);
  }

  checkAccessToken(token: string): TokenCheck {
    const expiresAt = this.accessTokens.get(token);
    if (expiresAt === undefined) return { ok: false, detail: 'AuthenticationUnsuccessful' };
    if (this.clock.now() >= expiresAt) {
      return {
        ok: false,
        detail: `TokenExpired: token expired at ${new Date(expiresAt).toISOString()}`,
      };
    }
    return { ok: true };
  }

  setAccessTokenSeconds(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds <= 0)
      throw new RangeError('accessTokenSeconds must be a whole number > 0');
    this.accessTokenSeconds = seconds;
  }

  /** Ends every issued access token now (the demo token stays), e.g. to rehearse a refresh. */
  expireAccessTokens(): number {
    let expired = 0;
    for (const [token, expiresAt] of this.accessTokens) {
      if (token === XERO_DEMO_CREDENTIALS.accessToken || expiresAt <= this.clock.now()) continue;
      this.accessTokens.set(token, this.clock.now());
      expired += 1;
    }
    return expired;
  }

  view(): Record<string, number> {
    return {
      accessTokenSeconds: this.accessTokenSeconds,
      refreshes: this.issued,
      liveRefreshTokens: this.refreshTokens.size,
    };
  }
}
