import type { OracleRecord } from '../workload/oracle';
import type { ObservedRecord, Problem, Snapshot } from './observed';

/**
 * Compares both sides with the oracle, field by field. A field the two sides disagree on is a
 * mismatch; a side that does not hold the owner's last write (or lacks the record) is a loss; a
 * record held twice, or one nobody wrote, is a duplicate - deleted (or archived) copies included:
 * one catalog record must never have had a second external record, deleted or not.
 */
export function compareWithOracle(oracle: readonly OracleRecord[], snapshot: Snapshot): Problem[] {
  const problems: Problem[] = [];
  const claimed = new Set<ObservedRecord>();
  for (const record of oracle) {
    if (record.writes === 0) continue;
    const catalog = catalogMatches(record, snapshot.catalog);
    const stripe = stripeMatches(record, snapshot.stripe, catalog);
    for (const match of [...catalog, ...stripe]) claimed.add(match);
    problems.push(...duplicates(record, catalog, stripe));
    problems.push(...compareRecord(record, catalog[0], stripe[0]));
  }
  for (const side of ['catalog', 'stripe'] as const) {
    for (const observed of snapshot[side]) {
      if (claimed.has(observed)) continue;
      const state = observed.deleted ? 'deleted' : 'live';
      problems.push({
        kind: 'duplicate',
        record: `${side}:${observed.id}`,
        detail: `a ${state} ${observed.kind} in ${side} that no write made (linked to ${observed.linkedId ?? 'nothing'})`,
      });
    }
  }
  return problems;
}

function catalogMatches(record: OracleRecord, catalog: ObservedRecord[]): ObservedRecord[] {
  const matches = catalog.filter(
    (c) =>
      c.kind === record.kind &&
      (c.id === record.catalogId || (record.stripeId !== null && c.linkedId === record.stripeId)),
  );
  return primaryFirst(matches, record.catalogId);
}

/**
 * The record itself first (its known id, else a live copy), so a deleted duplicate is reported as
 * a duplicate and never compared field by field in place of the live record.
 */
function primaryFirst(matches: ObservedRecord[], knownId: string | null): ObservedRecord[] {
  const rank = (o: ObservedRecord): number => (o.id === knownId ? 0 : o.deleted ? 2 : 1);
  return [...matches].sort((a, b) => rank(a) - rank(b));
}

function stripeMatches(
  record: OracleRecord,
  stripe: ObservedRecord[],
  catalog: ObservedRecord[],
): ObservedRecord[] {
  const catalogIds = new Set(catalog.map((c) => c.id));
  const matches = stripe.filter(
    (s) =>
      s.kind === record.kind &&
      (s.id === record.stripeId || (s.linkedId !== null && catalogIds.has(s.linkedId))),
  );
  return primaryFirst(matches, record.stripeId);
}

function duplicates(
  record: OracleRecord,
  catalog: ObservedRecord[],
  stripe: ObservedRecord[],
): Problem[] {
  const problems: Problem[] = [];
  if (catalog.length > 1) {
    problems.push({
      kind: 'duplicate',
      record: record.key,
      detail: `${catalog.length} catalog records: ${catalog.map((c) => c.id).join(', ')}`,
    });
  }
  if (stripe.length > 1) {
    problems.push({
      kind: 'duplicate',
      record: record.key,
      detail: `${stripe.length} Stripe objects: ${stripe.map((s) => s.id).join(', ')}`,
    });
  }
  const prices = stripe[0]?.activePrices;
  if (prices !== undefined && prices > 1 && !stripe[0].deleted) {
    problems.push({
      kind: 'duplicate',
      record: record.key,
      field: 'price',
      detail: `${prices} active prices`,
    });
  }
  return problems;
}

function compareRecord(
  record: OracleRecord,
  catalog: ObservedRecord | undefined,
  stripe: ObservedRecord | undefined,
): Problem[] {
  const loss = (field: string, detail: string): Problem => ({
    kind: 'loss',
    record: record.key,
    field,
    detail,
  });
  if (record.deleted) {
    const problems: Problem[] = [];
    if (catalog && !catalog.deleted) problems.push(loss('deleted', 'deleted, but live in catalog'));
    // Stripe archives a deleted product (active: false) and deletes a deleted customer.
    const liveInStripe =
      stripe && !stripe.deleted && (record.kind === 'customer' || stripe.fields['active'] === true);
    if (liveInStripe) problems.push(loss('deleted', `deleted, but live in Stripe (${stripe.id})`));
    return problems;
  }
  if (!catalog || catalog.deleted) return [loss('record', 'missing (or deleted) in catalog')];
  if (!stripe || stripe.deleted) return [loss('record', 'missing (or deleted) in Stripe')];
  const problems: Problem[] = [];
  for (const [field, expected] of Object.entries(record.expected)) {
    const inCatalog = catalog.fields[field];
    const inStripe = stripe.fields[field];
    if (inCatalog !== inStripe) {
      problems.push({
        kind: 'mismatch',
        record: record.key,
        field,
        detail: `catalog ${JSON.stringify(inCatalog)} vs Stripe ${JSON.stringify(inStripe)} (${catalog.id} / ${stripe.id})`,
      });
    }
    // A contested field may end with either side's value (the policy decides), never a third.
    const allowed: readonly unknown[] =
      record.contested?.field === field ? record.contested.values : [expected];
    for (const [side, value] of [
      ['catalog', inCatalog],
      ['Stripe', inStripe],
    ] as const) {
      if (!allowed.includes(value)) {
        problems.push(
          loss(
            field,
            `${side} holds ${JSON.stringify(value)}, last write was ${allowed.map((v) => JSON.stringify(v)).join(' or ')}`,
          ),
        );
      }
    }
  }
  return problems;
}
