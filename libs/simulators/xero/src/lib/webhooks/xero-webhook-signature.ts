import { createHmac, timingSafeEqual } from 'node:crypto';

/** `x-xero-signature`: base64 HMAC-SHA256 of the raw body, keyed with the app's webhook key. */
export function xeroSignature(body: string, webhookKey: string): string {
  return createHmac('sha256', webhookKey).update(body, 'utf8').digest('base64');
}

/** What a receiver does with the header (constant-time comparison). */
export function verifyXeroSignature(body: string, signature: string, webhookKey: string): boolean {
  const expected = Buffer.from(xeroSignature(body, webhookKey));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
