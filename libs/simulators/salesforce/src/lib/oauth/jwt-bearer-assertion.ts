import { createHmac, timingSafeEqual, verify } from 'node:crypto';

import { ConnectedApp } from '../org/org-registry';
import { OAuthError } from './oauth.error';

interface JwtClaims {
  iss?: unknown;
  sub?: unknown;
  aud?: unknown;
  exp?: unknown;
}

/**
 * Checks a JWT-bearer assertion (RFC 7523) as Salesforce does: `iss` is the connected app's
 * client id, `sub` the org user's username, `exp` in the future. RS256 assertions are verified
 * against the app's certificate key; an app without one accepts HS256 signed with its client
 * secret (a simulator convenience, so the grant works out of the box).
 */
export function verifyJwtBearerAssertion(
  assertion: string,
  findApp: (clientId: string) => ConnectedApp | undefined,
  nowMs: number,
): ConnectedApp {
  const parts = assertion.split('.');
  if (parts.length !== 3) throw invalid('not a JWT (expected header.payload.signature)');
  const header = decodeSegment(parts[0]) as { alg?: unknown };
  const claims = decodeSegment(parts[1]) as JwtClaims;
  if (typeof claims.iss !== 'string') throw invalid('missing iss (the client id)');
  const app = findApp(claims.iss);
  if (!app) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  if (!signatureValid(app, header.alg, signed, signature)) throw invalid('bad signature');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) {
    throw invalid('expired or missing exp');
  }
  if (typeof claims.aud !== 'string' || claims.aud === '') throw invalid('missing aud');
  if (claims.sub !== app.org.username) {
    throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
  }
  return app;
}

function signatureValid(app: ConnectedApp, alg: unknown, data: Buffer, signature: Buffer): boolean {
  if (alg === 'RS256' && app.jwtPublicKey) {
    return verify('RSA-SHA256', data, app.jwtPublicKey, signature);
  }
  if (alg === 'HS256' && !app.jwtPublicKey) {
    const expected = createHmac('sha256', app.clientSecret).update(data).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  return false;
}

function decodeSegment(segment: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw invalid('a JWT segment is not base64url JSON');
}

function invalid(reason: string): OAuthError {
  return new OAuthError('invalid_grant', `invalid assertion: ${reason}`);
}
