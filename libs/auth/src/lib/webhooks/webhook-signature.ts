import {
  signStripePayload,
  STRIPE_SIGNATURE_HEADER,
  VerifiedStripeSignature,
  verifyStripeSignature,
} from './stripe-signature';
import {
  signXeroPayload,
  VerifiedXeroSignature,
  verifyXeroSignature,
  XERO_SIGNATURE_HEADER,
} from './xero-signature';

export type SignatureScheme = 'stripe' | 'xero';

export interface SignPayloadInput {
  scheme: SignatureScheme;
  secret: string;
  payload: string | Buffer;
  /** Unix seconds, for timestamped schemes (Stripe); defaults to now. */
  timestamp?: number;
  now?: () => number;
}

export interface VerifySignatureInput {
  scheme: SignatureScheme;
  secret: string | readonly string[];
  payload: string | Buffer;
  /** The scheme's signature header value. */
  header: string | readonly string[] | undefined;
  /** Timestamped schemes only; default 300 s. */
  toleranceSeconds?: number;
  now?: () => number;
}

export type VerifiedSignature = VerifiedStripeSignature | VerifiedXeroSignature;

/** The header a sender of `scheme` puts on a webhook (simulators sign with this). */
export const SIGNATURE_HEADERS: Readonly<Record<SignatureScheme, string>> = {
  stripe: STRIPE_SIGNATURE_HEADER,
  xero: XERO_SIGNATURE_HEADER,
};

/** Signs a raw body the way `scheme`'s sender does and returns the header value. */
export function signPayload(input: SignPayloadInput): string {
  return input.scheme === 'stripe' ? signStripePayload(input) : signXeroPayload(input);
}

/** Verifies a raw body against `scheme`'s header; throws AuthError(INVALID_SIGNATURE). */
export function verifySignature(input: VerifySignatureInput): VerifiedSignature {
  return input.scheme === 'stripe' ? verifyStripeSignature(input) : verifyXeroSignature(input);
}
