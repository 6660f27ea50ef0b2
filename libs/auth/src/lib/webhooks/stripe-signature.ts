import { hmacSha256, invalidSignature, matchesAny, toSecretList } from './hmac-signature';

export const STRIPE_SIGNATURE_HEADER = 'stripe-signature';
export const STRIPE_DEFAULT_TOLERANCE_SECONDS = 300;

export interface SignStripePayloadInput {
  secret: string;
  payload: string | Buffer;
  /** Unix seconds; defaults to `now()`. */
  timestamp?: number;
  now?: () => number;
}

export interface VerifyStripeSignatureInput {
  /** One secret, or several while a webhook secret rotates (any may match). */
  secret: string | readonly string[];
  /** The raw request body, exactly as received. */
  payload: string | Buffer;
  /** The `Stripe-Signature` header value. */
  header: string | readonly string[] | undefined;
  /** Maximum age (and future skew) in seconds; default 300. */
  toleranceSeconds?: number;
  /** Current time in ms since the epoch; injectable for tests. */
  now?: () => number;
}

export interface VerifiedStripeSignature {
  scheme: 'stripe';
  /** The signed `t=` value, in unix seconds. */
  timestamp: number;
}

function signedPayload(timestamp: number, payload: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), Buffer.from(payload)]);
}

/** A `Stripe-Signature` header value, `t=<unix>,v1=<hex>`, as Stripe (and the simulator) sends it. */
export function signStripePayload(input: SignStripePayloadInput): string {
  const timestamp = input.timestamp ?? Math.floor((input.now ?? Date.now)() / 1000);
  const signature = hmacSha256(input.secret, signedPayload(timestamp, input.payload), 'hex');
  return `t=${timestamp},v1=${signature}`;
}

function parseHeader(header: string): { timestamp?: number; signatures: string[] } {
  const signatures: string[] = [];
  let timestamp: number | undefined;
  for (const item of header.split(',')) {
    const separator = item.indexOf('=');
    if (separator <= 0) continue;
    const key = item.slice(0, separator).trim();
    const value = item.slice(separator + 1).trim();
    if (key === 't') timestamp = /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
    if (key === 'v1' && value !== '') signatures.push(value);
  }
  return { timestamp, signatures };
}

/**
 * Verifies a Stripe webhook: HMAC-SHA256 of `${t}.${rawBody}` against every `v1` signature, then
 * the age of `t` within the tolerance (both directions). Throws AuthError(INVALID_SIGNATURE).
 */
export function verifyStripeSignature(input: VerifyStripeSignatureInput): VerifiedStripeSignature {
  const secrets = toSecretList(input.secret);
  const header = Array.isArray(input.header) ? input.header.join(',') : input.header;
  if (typeof header !== 'string' || header.trim() === '') throw invalidSignature('no signature');
  const { timestamp, signatures } = parseHeader(header);
  if (signatures.length === 0) throw invalidSignature('no signature');
  if (timestamp === undefined || Number.isNaN(timestamp)) {
    throw invalidSignature('malformed signature header');
  }
  const body = signedPayload(timestamp, input.payload);
  const expected = secrets.map((secret) => hmacSha256(secret, body, 'hex'));
  if (!matchesAny(signatures, expected)) throw invalidSignature('signature mismatch');
  const tolerance = input.toleranceSeconds ?? STRIPE_DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = (input.now ?? Date.now)() / 1000;
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw invalidSignature('timestamp outside tolerance');
  }
  return { scheme: 'stripe', timestamp };
}
