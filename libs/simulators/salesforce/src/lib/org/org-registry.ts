import { randomBytes } from 'node:crypto';

import { SalesforceIdFactory } from '../ids/salesforce-id';
import { OrgOptions, SalesforceOrg } from './salesforce-org';

/** A connected app: the OAuth client that gets tokens for one org. */
export interface ConnectedApp {
  clientId: string;
  clientSecret: string;
  org: SalesforceOrg;
  /** Refresh tokens this app may use (the refresh-token grant). */
  refreshTokens: Set<string>;
  /** PEM public key of the app's certificate, for RS256 JWT-bearer assertions. */
  jwtPublicKey?: string;
}

export interface NewOrgOptions extends Partial<OrgOptions> {
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  jwtPublicKey?: string;
}

export interface OrgCredentials {
  orgId: string;
  userId: string;
  username: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** Every org and connected app the simulator serves. */
export class OrgRegistry {
  private readonly apps = new Map<string, ConnectedApp>();
  private readonly orgs = new Map<string, SalesforceOrg>();

  constructor(private readonly ids: SalesforceIdFactory) {}

  create(options: NewOrgOptions, now: number): ConnectedApp {
    const clientId = options.clientId ?? `3MVG9sim${randomBytes(12).toString('hex')}`;
    if (this.apps.has(clientId)) throw new RangeError(`client id ${clientId} exists already`);
    const orgName = options.name ?? `Simulated org ${this.orgs.size + 1}`;
    const org = new SalesforceOrg(
      this.ids,
      {
        name: orgName,
        username: options.username ?? `admin@${clientId.toLowerCase()}.example.com`,
        ...(options.concordIdObjects ? { concordIdObjects: options.concordIdObjects } : {}),
        ...(options.settings ? { settings: options.settings } : {}),
      },
      now,
    );
    const app: ConnectedApp = {
      clientId,
      clientSecret: options.clientSecret ?? randomBytes(24).toString('hex'),
      org,
      refreshTokens: new Set([options.refreshToken ?? `5Aep${randomBytes(24).toString('hex')}`]),
      ...(options.jwtPublicKey ? { jwtPublicKey: options.jwtPublicKey } : {}),
    };
    this.apps.set(clientId, app);
    this.orgs.set(org.id, org);
    return app;
  }

  app(clientId: string): ConnectedApp | undefined {
    return this.apps.get(clientId);
  }

  org(orgId: string): SalesforceOrg | undefined {
    return this.orgs.get(orgId);
  }

  allOrgs(): SalesforceOrg[] {
    return [...this.orgs.values()];
  }

  /** Wipes every org's records and usage; orgs and connected apps stay. */
  wipe(now: number): void {
    for (const org of this.orgs.values()) org.wipe(now);
  }

  /** Orgs with their app, settings and current API usage (for `GET /_control/state`). */
  summary(now: number): { orgs: Record<string, unknown>[] } {
    return {
      orgs: [...this.apps.values()].map((app) => ({
        orgId: app.org.id,
        name: app.org.name,
        clientId: app.clientId,
        settings: app.org.settings,
        apiUsage: app.org.usage.used(now),
      })),
    };
  }
}

export function credentialsOf(app: ConnectedApp): OrgCredentials {
  return {
    orgId: app.org.id,
    userId: app.org.userId,
    username: app.org.username,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    refreshToken: [...app.refreshTokens][0],
  };
}
