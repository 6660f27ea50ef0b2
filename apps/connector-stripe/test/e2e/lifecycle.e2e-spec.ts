import { eventually } from '@concord/testing';

import { createCustomers, stripeConcordIds } from './customer-helpers';
import { StripeE2eWorld } from './stripe-e2e-world';

jest.setTimeout(240_000);

// Two replicas that drain for a second after SIGTERM, as they would behind a load balancer.
const world = new StripeE2eWorld({
  connectors: 2,
  connectorEnv: { SHUTDOWN_DELAY_MS: '1500' },
  catalogEnv: { SHUTDOWN_DELAY_MS: '1500' },
});

beforeAll(() => world.start(), 240_000);
afterAll(() => world.stop(), 60_000);

/** Polls readiness until the process stops answering; returns every status and reason seen. */
async function watchReadiness(url: string, until: Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  let done = false;
  void until.finally(() => {
    done = true;
  });
  while (!done) {
    const answer = await fetch(`${url}/health/ready`)
      .then(
        async (r) =>
          `${r.status} ${JSON.stringify(((await r.json()) as { failing?: string[] }).failing ?? [])}`,
      )
      .catch(() => 'closed');
    if (seen[seen.length - 1] !== answer) seen.push(answer);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return seen;
}

describe('lifecycle: SIGTERM under load and scale-out (processes)', () => {
  it('turns not ready on SIGTERM, finishes what is in flight and exits cleanly: nothing lost, nothing done twice', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);
    const [first] = world.connectors;
    await world.control('faults', {
      rules: [{ pathRegex: '^/v1/customers', latencyMs: 200, errorRate: 0 }],
    });
    try {
      const writing = createCustomers(tenant, 20, 'sigterm');
      await eventually(
        async () => expect((await stripeConcordIds(tenant)).length).toBeGreaterThan(0),
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      const stopping = first.stop();
      const readiness = watchReadiness(first.url, stopping);
      // Nest re-raises SIGTERM once closed: exited by SIGTERM, not killed after the grace period.
      expect(await stopping).toMatchObject({ signal: 'SIGTERM' });
      expect(first.logs()).toContain('not ready; draining');
      expect(await readiness).toContain('503 ["shutdown"]');
      const customers = await writing;
      // The other replica took the stopped one's partitions over; nothing was lost or doubled.
      await eventually(
        async () => expect(await stripeConcordIds(tenant)).toEqual([...customers].sort()),
        { timeoutMs: 90_000, intervalMs: 1000 },
      );
    } finally {
      await world.control('faults', {}, 'DELETE');
      await first.restart();
    }
  });

  it('shares the work between two replicas, and moves it to the survivor when one is killed', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);
    const outbound = async (index: number): Promise<number> => {
      const text = await (await fetch(`${world.connectors[index].url}/metrics`)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith('connector_outbound_events_total'))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    };
    const before = [await outbound(0), await outbound(1)];
    const spread = await createCustomers(tenant, 30, 'spread');
    await eventually(
      async () => expect(await stripeConcordIds(tenant)).toEqual([...spread].sort()),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    // Keyed by record, 30 customers land on several partitions: both replicas did some of them.
    expect(await outbound(0)).toBeGreaterThan(before[0]);
    expect(await outbound(1)).toBeGreaterThan(before[1]);

    const [, second] = world.connectors;
    expect(await second.kill()).toMatchObject({ signal: 'SIGKILL' });
    const after = await createCustomers(tenant, 10, 'survivor');
    await eventually(
      async () => expect(await stripeConcordIds(tenant)).toEqual([...spread, ...after].sort()),
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    await second.restart();
  });
});
