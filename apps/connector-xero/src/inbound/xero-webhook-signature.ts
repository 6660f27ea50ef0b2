import { createHmac, timingSafeEqual } from 'node:crypto';

/** `x-xero-signature`: base64 HMAC-SHA256 of the raw body with the app's webhook key. */
export function xeroSignatureOf(rawBody: Buffer, key: string): string {
  return createHmac('sha256', key).update(rawBody).digest('base64');
}

/** True when the header is the body's signature with `key` (compared in constant time). */
export function isValidXeroSignature(
  rawBody: Buffer,
  header: string | undefined,
  key: string | undefined,
): boolean {
  if (!key || !header) return false;
  const expected = Buffer.from(xeroSignatureOf(rawBody, key));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
