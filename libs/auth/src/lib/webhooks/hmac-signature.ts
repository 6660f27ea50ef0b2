import { createHmac, timingSafeEqual } from 'node:crypto';

import { AuthError, AuthErrorCode } from '@concord/errors';

export type SignatureEncoding = 'hex' | 'base64';

/** Why a signature was refused; safe to log and to return to the sender. */
export type SignatureFailureReason =
  | 'no signature'
  | 'malformed signature header'
  | 'timestamp outside tolerance'
  | 'signature mismatch';

/** HMAC-SHA256 of the raw body (a re-serialised JSON body would not match the sender's bytes). */
export function hmacSha256(
  secret: string | Buffer,
  payload: string | Buffer,
  encoding: SignatureEncoding,
): string {
  return createHmac('sha256', secret).update(payload).digest(encoding);
}

/**
 * Constant-time string comparison. Unequal lengths still pay for a full comparison, so timing
 * does not tell a caller how close a guess was.
 */
export function constantTimeEqual(actual: string, expected: string): boolean {
  const a = Buffer.from(actual, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** True when any candidate matches; every candidate is compared, so timing does not say which. */
export function matchesAny(candidates: readonly string[], expected: readonly string[]): boolean {
  let matched = false;
  for (const candidate of candidates) {
    for (const value of expected) matched = constantTimeEqual(candidate, value) || matched;
  }
  return matched;
}

/** The refusal every verifier throws: the reason only, never the secret or expected signature. */
export function invalidSignature(reason: SignatureFailureReason): AuthError {
  return new AuthError(AuthErrorCode.INVALID_SIGNATURE, `Invalid webhook signature: ${reason}`, {
    details: { reason },
  });
}

export function toSecretList(secret: string | readonly string[]): readonly string[] {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0 || secrets.some((value) => value.length === 0)) {
    // A missing secret is a configuration fault; verifying against '' would accept forgeries.
    throw new TypeError('A webhook signing secret is required');
  }
  return secrets;
}
