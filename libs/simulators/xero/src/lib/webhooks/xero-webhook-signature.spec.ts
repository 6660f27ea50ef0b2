import { createHmac } from 'node:crypto';

import { verifyXeroSignature, xeroSignature } from './xero-webhook-signature';

describe('x-xero-signature', () => {
  const body =
    '{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"ABCDEFGHIJKLMNOPQRST"}';
  const key = 'a-webhook-key';

  it('is the base64 HMAC-SHA256 of the raw body keyed with the webhook key', () => {
    expect(xeroSignature(body, key)).toBe(createHmac('sha256', key).update(body).digest('base64'));
    expect(xeroSignature(body, key)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('verifies the exact body and key only', () => {
    const signature = xeroSignature(body, key);
    expect(verifyXeroSignature(body, signature, key)).toBe(true);
    expect(verifyXeroSignature(`${body} `, signature, key)).toBe(false);
    expect(verifyXeroSignature(body, signature, 'other-key')).toBe(false);
    expect(verifyXeroSignature(body, 'short', key)).toBe(false);
  });
});
