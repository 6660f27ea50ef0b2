import { hmacSha256, invalidSignature, matchesAny, toSecretList } from './hmac-signature';

export const XERO_SIGNATURE_HEADER = 'x-xero-signature';

export interface SignXeroPayloadInput {
  /** The webhook key from the Xero developer portal. */
  secret: string;
  payload: string | Buffer;
}

export interface VerifyXeroSignatureInput {
  secret: string | readonly string[];
  /** The raw request body, exactly as received. */
  payload: string | Buffer;
  /** The `x-xero-signature` header value. */
  header: string | readonly string[] | undefined;
}

export interface VerifiedXeroSignature {
  scheme: 'xero';
}

/** The `x-xero-signature` value: base64 HMAC-SHA256 of the raw body. */
export function signXeroPayload(input: SignXeroPayloadInput): string {
  return hmacSha256(input.secret, input.payload, 'base64');
}

/**
 * Verifies a Xero webhook (no timestamp: Xero's intent-to-receive check sends both valid and
 * invalid signatures and expects 200 or 401). Throws AuthError(INVALID_SIGNATURE).
 */
export function verifyXeroSignature(input: VerifyXeroSignatureInput): VerifiedXeroSignature {
  const secrets = toSecretList(input.secret);
  const header = Array.isArray(input.header) ? input.header[0] : input.header;
  if (typeof header !== 'string' || header.trim() === '') throw invalidSignature('no signature');
  const expected = secrets.map((secret) => hmacSha256(secret, input.payload, 'base64'));
  if (!matchesAny([header.trim()], expected)) throw invalidSignature('signature mismatch');
  return { scheme: 'xero' };
}
