import { inspect } from 'node:util';

import { AuthError, AuthErrorCode } from '@concord/errors';
import Stripe from 'stripe';

import { constantTimeEqual, hmacSha256, SignatureFailureReason } from './hmac-signature';
import { signStripePayload, verifyStripeSignature } from './stripe-signature';
import { SIGNATURE_HEADERS, signPayload, verifySignature } from './webhook-signature';
import { signXeroPayload, verifyXeroSignature } from './xero-signature';

const secret = 'whsec_test_0123456789abcdef';
const body = JSON.stringify({ id: 'evt_1', type: 'customer.updated', data: { object: {} } });
const t = 1_767_225_600; // 2026-01-01T00:00:00Z
const atT =
  (offsetSeconds = 0) =>
  () =>
    (t + offsetSeconds) * 1000;

function refusal(verify: () => unknown): AuthError {
  try {
    verify();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error('expected the signature to be refused');
}

function expectRefused(
  verify: () => unknown,
  reason: SignatureFailureReason,
  leaks: string[] = [],
): void {
  const error = refusal(verify);
  expect(error.code).toBe(AuthErrorCode.INVALID_SIGNATURE);
  expect(error.details).toEqual({ reason });
  expect(error.message).toBe(`Invalid webhook signature: ${reason}`);
  const shown = `${error.message} ${JSON.stringify(error)} ${inspect(error)}`;
  for (const value of [secret, ...leaks]) expect(shown).not.toContain(value);
}

describe('Stripe signatures', () => {
  const header = signStripePayload({ secret, payload: body, timestamp: t });
  const expectedSignature = header.split('v1=')[1];

  it('signs like Stripe, so the official SDK accepts our header and we accept its', () => {
    const stripe = new Stripe('sk_test_x');
    expect(header).toBe(
      stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: t }),
    );
    const event = stripe.webhooks.constructEvent(body, header, secret, 300, undefined, t);
    expect(event.id).toBe('evt_1');
  });

  it('accepts a fresh signature over the raw body, as a string or Buffer', () => {
    expect(verifyStripeSignature({ secret, payload: body, header, now: atT(10) })).toEqual({
      scheme: 'stripe',
      timestamp: t,
    });
    expect(
      verifyStripeSignature({ secret, payload: Buffer.from(body), header, now: atT() }).timestamp,
    ).toBe(t);
  });

  it('accepts a header with several v1 signatures when any matches, and unknown schemes beside them', () => {
    const other = signStripePayload({ secret: 'whsec_other', payload: body, timestamp: t }).split(
      'v1=',
    )[1];
    const multi = `t=${t},v1=${other},v0=deadbeef,v1=${expectedSignature}`;
    expect(verifyStripeSignature({ secret, payload: body, header: multi, now: atT() }).scheme).toBe(
      'stripe',
    );
  });

  it('accepts any of several secrets while a webhook secret rotates', () => {
    expect(
      verifyStripeSignature({ secret: ['whsec_new', secret], payload: body, header, now: atT() })
        .timestamp,
    ).toBe(t);
  });

  it('refuses a tampered body without revealing the expected signature', () => {
    expectRefused(
      () =>
        verifyStripeSignature({
          secret,
          payload: body.replace('evt_1', 'evt_2'),
          header,
          now: atT(),
        }),
      'signature mismatch',
      [expectedSignature],
    );
  });

  it('refuses a signature made with another secret or for another timestamp', () => {
    const forged = signStripePayload({ secret: 'whsec_guess', payload: body, timestamp: t });
    expectRefused(
      () => verifyStripeSignature({ secret, payload: body, header: forged, now: atT() }),
      'signature mismatch',
    );
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    expectRefused(
      () => verifyStripeSignature({ secret, payload: body, header: moved, now: atT() }),
      'signature mismatch',
    );
  });

  it('refuses stale and future timestamps beyond the tolerance, at its edge inclusive', () => {
    expect(verifyStripeSignature({ secret, payload: body, header, now: atT(300) }).timestamp).toBe(
      t,
    );
    expect(verifyStripeSignature({ secret, payload: body, header, now: atT(-300) }).timestamp).toBe(
      t,
    );
    expectRefused(
      () => verifyStripeSignature({ secret, payload: body, header, now: atT(301) }),
      'timestamp outside tolerance',
    );
    expectRefused(
      () => verifyStripeSignature({ secret, payload: body, header, now: atT(-301) }),
      'timestamp outside tolerance',
    );
    expect(
      verifyStripeSignature({
        secret,
        payload: body,
        header,
        now: atT(3000),
        toleranceSeconds: 3600,
      }).timestamp,
    ).toBe(t);
  });

  it.each([
    [undefined, 'no signature'],
    ['', 'no signature'],
    ['garbage', 'no signature'],
    [`t=${t}`, 'no signature'],
    [`t=${t},v1=`, 'no signature'],
    ['=,=,,', 'no signature'],
    [`v1=${'a'.repeat(64)}`, 'malformed signature header'],
    [`t=yesterday,v1=${'a'.repeat(64)}`, 'malformed signature header'],
    [`t=${t},v1=${'a'.repeat(64)}`, 'signature mismatch'],
    [`t=${t},v1=short`, 'signature mismatch'],
    [`t=${t},v1=${'€'.repeat(64)}`, 'signature mismatch'],
  ] as const)('refuses the header %p: %s', (garbage, reason) => {
    expectRefused(
      () => verifyStripeSignature({ secret, payload: body, header: garbage, now: atT() }),
      reason,
    );
  });

  it('refuses to verify with an empty secret rather than accept forgeries', () => {
    expect(() => verifyStripeSignature({ secret: '', payload: body, header, now: atT() })).toThrow(
      TypeError,
    );
    expect(() => verifyStripeSignature({ secret: [], payload: body, header, now: atT() })).toThrow(
      TypeError,
    );
  });
});

describe('Xero signatures', () => {
  const key = 'xero-webhook-key-0123456789';
  const payload = JSON.stringify({
    events: [],
    firstEventSequence: 0,
    lastEventSequence: 0,
    entropy: 'ABC',
  });
  const header = signXeroPayload({ secret: key, payload });

  it('is the base64 HMAC-SHA256 of the raw body', () => {
    expect(header).toBe(hmacSha256(key, payload, 'base64'));
    expect(Buffer.from(header, 'base64')).toHaveLength(32);
    expect(verifyXeroSignature({ secret: key, payload, header })).toEqual({ scheme: 'xero' });
    expect(
      verifyXeroSignature({ secret: key, payload: Buffer.from(payload), header: [header] }).scheme,
    ).toBe('xero');
  });

  it.each([
    ['a tampered body', `${payload} `, header, 'signature mismatch'],
    ['another key', payload, signXeroPayload({ secret: 'other', payload }), 'signature mismatch'],
    ['garbage', payload, 'not-a-signature', 'signature mismatch'],
    ['hex instead of base64', payload, hmacSha256(key, payload, 'hex'), 'signature mismatch'],
    ['no header', payload, undefined, 'no signature'],
    ['an empty header', payload, '  ', 'no signature'],
  ] as const)('refuses %s', (_case, body, signature, reason) => {
    const error = refusal(() =>
      verifyXeroSignature({ secret: key, payload: body, header: signature }),
    );
    expect(error.details).toEqual({ reason });
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(header);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(key);
  });
});

describe('signPayload and verifySignature', () => {
  it('dispatch to the scheme and name its header', () => {
    const stripeHeader = signPayload({ scheme: 'stripe', secret, payload: body, timestamp: t });
    expect(
      verifySignature({
        scheme: 'stripe',
        secret,
        payload: body,
        header: stripeHeader,
        now: atT(),
      }),
    ).toEqual({
      scheme: 'stripe',
      timestamp: t,
    });
    const xeroHeader = signPayload({ scheme: 'xero', secret, payload: body });
    expect(verifySignature({ scheme: 'xero', secret, payload: body, header: xeroHeader })).toEqual({
      scheme: 'xero',
    });
    expect(() =>
      verifySignature({ scheme: 'xero', secret, payload: body, header: stripeHeader }),
    ).toThrow(AuthError);
    expect(SIGNATURE_HEADERS).toEqual({ stripe: 'stripe-signature', xero: 'x-xero-signature' });
  });

  it('signs with the current time when no timestamp is given', () => {
    const header = signPayload({ scheme: 'stripe', secret, payload: body, now: atT(42) });
    expect(header.startsWith(`t=${t + 42},v1=`)).toBe(true);
  });
});

describe('constantTimeEqual', () => {
  it('compares strings of any length safely', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });
});
