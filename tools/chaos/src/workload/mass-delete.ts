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
  let heldIds: string[] = [];
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    integration = (await catalog.expect<Integration>([200], 'GET', '/v1/integrations/stripe')).body;
    const held = await catalog.expect<{ data: Array<{ entityId: string }> }>(
      [200],
      'GET',
      '/v1/integrations/stripe/held-deletes',
    );
    const ids = held.body.data.map((h) => h.entityId);
    if (ids.length !== heldIds.length) stableSince = Date.now();
    heldIds = ids;
    const applied = await countDeletedInCatalog(catalog, targets);
    const accounted = applied + targets.filter((t) => ids.includes(t.catalogId as string)).length;
    // Deletes delivered after the pause reached the connectors are refused (503, not active) and
    // delivered again by the simulator only for about a minute: an operator who waited for them
    // all would never see them. Once the held deletes stop changing, approve (which resumes);
    // the refused ones then come through on the simulator's next attempts.
    const settled = accounted >= targets.length || heldIds.length > 0;
    if (integration.paused && settled && Date.now() - stableSince > 3000) break;
    await sleep(1000);
  }
  const tripped = integration.paused && (integration.pausedReason ?? '').startsWith('Mass-delete');
  const stray = heldIds.filter((id) => !deletedIds.has(id));
  let approved = 0;
  if (heldIds.length > 0) {
    const decision = await catalog.expect<{ approved: number }>(
      [200, 201],
      'POST',
      '/v1/integrations/stripe/held-deletes/approve',
    );
    approved = decision.body.approved;
  } else if (integration.paused) {
    await catalog.expect([200, 201, 204], 'POST', '/v1/integrations/stripe/resume');
  }
  const detail =
    `${targets.length} deleted in Stripe; connection ${integration.paused ? `paused (${integration.pausedReason})` : 'not paused'}; ` +
    `${heldIds.length} held, ${approved} approved${stray.length ? `; held but not deleted by the run: ${stray.join(', ')}` : ''}`;
  say(`deliberate mass delete: ${detail}`);
  return { deleted: targets.length, tripped, held: heldIds.length, stray, approved, detail };
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
