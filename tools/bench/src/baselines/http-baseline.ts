import type Stripe from 'stripe';

import { runConcurrently } from '../load/concurrent-runner';
import type { Baseline } from './baseline';

/**
 * An HTTP round trip to the simulator through the official SDK: `customers.create` (what the
 * connector sends for a new customer), in an account of its own with no webhook endpoints.
 */
export async function measureSimulatorHttp(
  stripe: Stripe,
  requests: number,
  concurrency: number,
): Promise<Baseline> {
  const run = await runConcurrently(requests, concurrency, (index) =>
    stripe.customers.create({ name: `Baseline ${index}`, email: `b${index}@bench.example` }),
  );
  return {
    name: 'simulator-http',
    what: `stripe SDK customers.create round trip (${concurrency} in flight)`,
    perSecond: run.perSecond,
    latency: run.latency,
  };
}
