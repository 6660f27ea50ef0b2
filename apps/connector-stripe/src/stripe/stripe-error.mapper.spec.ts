import { RetryableError } from '@concord/errors';
import Stripe from 'stripe';

import { classifyStripeError, sanitizeStripeMessage } from './stripe-error.mapper';

function stripeError(
  statusCode: number | undefined,
  type = 'invalid_request_error',
  extra: object = {},
) {
  return Stripe.errors.StripeError.generate({
    type,
    message: 'Invalid API Key provided: sk_test_abc123',
    statusCode,
    headers: { 'retry-after': '2' },
    ...extra,
  } as never);
}

describe('classifyStripeError', () => {
  it('maps HTTP statuses to the Concord taxonomy', () => {
    expect(classifyStripeError(stripeError(429))).toMatchObject({
      category: 'rate-limited',
      retryAfterMs: 2000,
    });
    expect(classifyStripeError(stripeError(401))).toMatchObject({
      category: 'auth',
      code: 'REVOKED_CREDENTIALS',
    });
    expect(classifyStripeError(stripeError(403))).toMatchObject({ category: 'auth' });
    expect(classifyStripeError(stripeError(404))).toMatchObject({ category: 'not-found' });
    expect(classifyStripeError(stripeError(409))).toMatchObject({ category: 'retryable' });
    expect(classifyStripeError(stripeError(503, 'api_error'))).toMatchObject({
      category: 'retryable',
    });
    expect(classifyStripeError(stripeError(400, 'idempotency_error'))).toMatchObject({
      category: 'conflict',
    });
    expect(
      classifyStripeError(stripeError(400, 'invalid_request_error', { param: 'email' })),
    ).toMatchObject({
      category: 'validation',
      fields: [{ field: 'email', message: expect.any(String) }],
    });
  });

  it('never lets a key through in a message', () => {
    expect(classifyStripeError(stripeError(401)).message).not.toContain('sk_test_abc123');
    expect(sanitizeStripeMessage('whsec_abcdef and rk_live_xyz')).toBe('[redacted] and [redacted]');
    expect(sanitizeStripeMessage('sk_test_****abcd12345 and sk_test_ab****1234')).toBe(
      '[redacted] and [redacted]',
    );
  });

  it('keeps a key Stripe masked itself, so the operator sees which key was refused', () => {
    expect(sanitizeStripeMessage('Invalid API Key provided: sk_test_********1234')).toBe(
      'Invalid API Key provided: sk_test_********1234',
    );
  });

  it('treats network failures and unknown errors as retryable, and keeps Concord errors', () => {
    expect(classifyStripeError(stripeError(undefined, 'StripeConnectionError'))).toMatchObject({
      code: 'NETWORK',
    });
    expect(classifyStripeError(new TypeError('boom'))).toMatchObject({ category: 'retryable' });
    const own = new RetryableError('X', 'y');
    expect(classifyStripeError(own)).toBe(own);
  });
});
