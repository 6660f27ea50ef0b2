import Stripe from 'stripe';

/**
 * The official SDK pointed at a simulator, pinned to the simulator's API version (the SDK types
 * the latest version, hence the cast), with no retries or telemetry so tests see every answer.
 */
export function stripeClient(apiKey: string, port: number): Stripe {
  return new Stripe(apiKey, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    apiVersion: '2023-08-16' as Stripe.LatestApiVersion,
    maxNetworkRetries: 0,
    telemetry: false,
  });
}
