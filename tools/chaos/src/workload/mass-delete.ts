import type { CatalogClient } from '../clients/catalog-client';
import { sleep } from '../clients/retry';
import type { Handover } from './handover';
import type { Oracle, OracleRecord } from './oracle';
import type { StripeWriter } from './stripe-writer';

/** Customers deleted in Stripe at once, after the workload: far more than the guard allows. */
export const MASS_DELETE_COUNT = 15;
/** The guard's settings for this run (see ChaosWorld): the workload alone never trips it. */
export const MASS_DELETE_GUARD = { windowMs: 20_000, minCount: 10, maxShare: '0.05' } as const;
const SETTLE_TIMEOUT_MS = 90_000;

export interface MassDeleteResult {
  /** Customers deleted in Stripe. */
  deleted: number;
  /** The guard paused the connection with its own reason. */
  tripped: boolean;
  /** Deletes it held for an operator. */
  held: number;
  /** Held deletes of records the run did not delete in Stripe (must be none). */
  stray: string[];
  /** Held deletes the approval applied (the connection resumes with it). */
  approved: number;
  detail: string;
}

interface Integration {
  paused: boolean;
  pausedReason: string | null;
}

/**
 * The deliberate mass delete: deletes MASS_DELETE_COUNT settled customers in Stripe at once (as
 * an operator's bad bulk action would), waits until the catalog's mass-delete guard has paused the
 * connection and held the deletes, then approves them as an operator would, which resumes the
 * connection. The oracle then expects those customers deleted on both sides.
 */
export async function deliberateMassDelete(
  oracle: Oracle,
  handover: Handover,
  stripe: StripeWriter,
  catalog: CatalogClient,
  say: (line: string) => void,
): Promise<MassDeleteResult> {
  const targets = await settledCustomers(oracle, handover);
  say(`deliberate mass delete: ${targets.length} customers deleted in Stripe at once`);
  await Promise.all(
    targets.map(async (record) => {
      await stripe.deleteCustomer(record.stripeId as string);
      record.deleted = true;
      record.massDeleted = true;
      record.writes += 1;
      record.lastWriteAt = Date.now();
    }),
  );
  const deletedIds = new Set(
    oracle
      .all()
      .filter((r) => r.deleted && r.catalogId !== null)
      .map((r) => r.catalogId),
  );
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let integration: Integration = { paused: false, pausedReason: null };
  let tripped = false;
  let pausedReason: string | null = null;
  const heldSeen = new Set<string>();
  let heldIds: string[] = [];
  let stableSince = Date.now();
  let approved = 0;
  while (Date.now() < deadline) {
    integration = (await catalog.expect<Integration>([200], 'GET', '/v1/integrations/stripe')).body;
    if (integration.paused && (integration.pausedReason ?? '').startsWith('Mass-delete')) {
      tripped = true;
      pausedReason = integration.pausedReason;
    }
    const held = await catalog.expect<{ data: Array<{ entityId: string }> }>(
      [200],
      'GET',
      '/v1/integrations/stripe/held-deletes',
    );
    const ids = held.body.data.map((h) => h.entityId);
    if (ids.join() !== heldIds.join()) stableSince = Date.now();
    heldIds = ids;
    for (const id of ids) heldSeen.add(id);
    const applied = await countDeletedInCatalog(catalog, targets);
    if (applied >= targets.length && ids.length === 0 && !integration.paused) break;
    // Deletes delivered after the pause reached the connectors are refused (503, not active) and
    // delivered again by the simulator (40 attempts, at most 5 s apart), and those arriving after an
    // approval may trip the guard again (the approved ones count in its window): as an operator
    // finishing one bulk action, the run approves whatever it holds once that stops changing.
    if (integration.paused && ids.length > 0 && Date.now() - stableSince > 3000) {
      const decision = await catalog.expect<{ approved: number }>(
        [200, 201],
        'POST',
        '/v1/integrations/stripe/held-deletes/approve',
      );
      approved += decision.body.approved;
      stableSince = Date.now();
    }
    await sleep(1000);
  }
  if (integration.paused && heldIds.length === 0) {
    await catalog.expect([200, 201, 204], 'POST', '/v1/integrations/stripe/resume');
  }
  const stray = [...heldSeen].filter((id) => !deletedIds.has(id));
  const detail =
    `${targets.length} deleted in Stripe; connection ${tripped ? `paused (${pausedReason})` : 'not paused by the guard'}; ` +
    `${Math.max(heldSeen.size, approved)} held, ${approved} approved${stray.length ? `; held but not deleted by the run: ${stray.join(', ')}` : ''}`;
  say(`deliberate mass delete: ${detail}`);
  // An approval takes whatever is held at that moment, also a delete held since the last read.
  const held = Math.max(heldSeen.size, approved);
  return { deleted: targets.length, tripped, held, stray, approved, detail };
}

/** Live customers nothing else touches (no invoice, no contest) that both sides show settled. */
async function settledCustomers(oracle: Oracle, handover: Handover): Promise<OracleRecord[]> {
  const chosen: OracleRecord[] = [];
  const candidates = oracle.writable('customer', Date.now(), 0).filter((r) => !r.invoiced);
  for (const record of candidates) {
    if (chosen.length === MASS_DELETE_COUNT) break;
    if (await handover.settledOnBoth(record).catch(() => false)) chosen.push(record);
  }
  return chosen;
}

async function countDeletedInCatalog(
  catalog: CatalogClient,
  records: readonly OracleRecord[],
): Promise<number> {
  const answers = await Promise.all(
    records.map((r) =>
      catalog.request<{ deletedAt?: string | null }>(
        'GET',
        `/v1/customers/${r.catalogId}?includeDeleted=true`,
      ),
    ),
  );
  return answers.filter((a) => a.status === 200 && a.body.deletedAt).length;
}
