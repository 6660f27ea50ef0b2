import type { ResolvedConnection } from '@concord/connector-kit';
import { AuthError, AuthErrorCode } from '@concord/errors';
import Stripe from 'stripe';

/** The API version every request is pinned to (the simulator and the specs speak it). */
export const STRIPE_API_VERSION = '2023-08-16';

/** The secret key from the connection's credentials (`{ "apiKey": "sk_..." }`). */
export function stripeApiKey(connection: ResolvedConnection): string {
  const { credentials } = connection;
  const key = credentials['apiKey'] ?? credentials['secretKey'] ?? credentials['key'];
  if (!key) {
    throw new AuthError(AuthErrorCode.MISSING_CREDENTIALS, 'The Stripe connection has no apiKey');
  }
  return key;
}

/**
 * The official SDK pointed at the connection's base URL (already checked by the allow-list), through
 * the connection's pinned agent so no request reaches an address the policy has not just checked:
 * api.stripe.com in production, the simulator in development and tests. The kit owns retries, so
 * the SDK makes none of its own, and sends no telemetry.
 */
export function createStripeClient(connection: ResolvedConnection): Stripe {
  const url = connection.baseUrl;
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(stripeApiKey(connection), {
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    host: url.hostname,
    port: url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port),
    protocol,
    httpAgent: connection.httpAgent,
    maxNetworkRetries: 0,
    telemetry: false,
    timeout: 20_000,
  });
}
