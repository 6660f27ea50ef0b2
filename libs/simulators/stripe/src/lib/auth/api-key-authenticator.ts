import { IncomingHttpHeaders } from 'node:http';

import { headerValue } from '@concord/simulators/core';

import { AccountRegistry } from '../accounts/account-registry';
import { StripeAccount } from '../accounts/stripe-account';
import { StripeApiError } from '../http/stripe-api.error';

const TEST_KEY = /^sk_test_[A-Za-z0-9_]+$/;

/**
 * Resolves the account of a request from `Authorization: Bearer <key>` or Basic auth with the
 * key as user name. Any `sk_test_` key is its own account; errors show only a masked key.
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  registry: AccountRegistry,
  demoKey: string,
): StripeAccount {
  const key = apiKeyOf(headerValue(headers, 'authorization'));
  if (key === undefined) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (key !== demoKey && !TEST_KEY.test(key)) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      `Invalid API Key provided: ${maskApiKey(key)}`,
    );
  }
  if (registry.isRevoked(key)) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      `Expired API Key provided: ${maskApiKey(key)}`,
      'api_key_expired',
    );
  }
  return registry.resolve(key);
}

function apiKeyOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, credentials = ''] = authorization.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === 'bearer') return credentials || undefined;
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    return user || undefined;
  }
  return undefined;
}

/** `sk_test_abc...wxyz` -> `sk_test_********wxyz`: enough to recognise, not to use. */
export function maskApiKey(key: string): string {
  const visiblePrefix = /^[a-z]{2}_[a-z]+_/.exec(key)?.[0] ?? key.slice(0, 3);
  const tail = key.length > visiblePrefix.length + 8 ? key.slice(-4) : '';
  return `${visiblePrefix}${'*'.repeat(Math.max(4, key.length - visiblePrefix.length - tail.length))}${tail}`;
}
