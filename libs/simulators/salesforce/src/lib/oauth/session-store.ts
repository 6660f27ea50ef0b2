import { randomBytes } from 'node:crypto';

import { ConnectedApp } from '../org/org-registry';
import { SalesforceOrg } from '../org/salesforce-org';

/** An issued access token. */
export interface Session {
  accessToken: string;
  org: SalesforceOrg;
  clientId: string;
  issuedAt: number;
  expiresAt: number;
}

/** Access tokens by value; they expire on the simulation clock. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  issue(app: ConnectedApp, now: number): Session {
    // Shaped like a Salesforce session id: the org id, '!', then an opaque part.
    const accessToken = `${app.org.id.slice(0, 15)}!${randomBytes(40).toString('base64url')}`;
    const session: Session = {
      accessToken,
      org: app.org,
      clientId: app.clientId,
      issuedAt: now,
      expiresAt: now + app.org.settings.sessionLifetimeMs,
    };
    this.sessions.set(accessToken, session);
    return session;
  }

  /** The live session of a token; expired ones are forgotten. */
  find(accessToken: string, now: number): Session | undefined {
    const session = this.sessions.get(accessToken);
    if (!session) return undefined;
    if (now >= session.expiresAt) {
      this.sessions.delete(accessToken);
      return undefined;
    }
    return session;
  }

  /** Ends every session of an org (or all), as a forced logout would. */
  expire(orgId?: string): number {
    let count = 0;
    for (const [token, session] of this.sessions) {
      if (orgId === undefined || session.org.id === orgId) {
        this.sessions.delete(token);
        count += 1;
      }
    }
    return count;
  }
}
