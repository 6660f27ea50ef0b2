import { expectedValue, type OracleRecord } from '../workload/oracle';
import type { ObservedRecord, Problem, Snapshot } from './observed';
import {
  EXTERNAL_SYSTEMS,
  type ExternalSystem,
  liveAfterDelete,
  SYSTEM_FIELDS,
  SYSTEM_LABELS,
} from './systems';

/** One system's side of a record: its copies, the record itself first. */
interface SystemSide {
  system: ExternalSystem;
  matches: ObservedRecord[];
}

/**
 * Compares the catalog and every system in the snapshot with the oracle, field by field (each
 * system on the fields it holds). A field a system and the catalog disagree on is a mismatch; a
 * side that does not hold the owner's last write (or lacks the record) is a loss; a record held
 * twice, or one nobody wrote, is a duplicate - deleted (or archived) copies included: one catalog
 * record must never have had a second external record, deleted or not.
 */
export function compareWithOracle(oracle: readonly OracleRecord[], snapshot: Snapshot): Problem[] {
  const problems: Problem[] = [];
  const claimed = new Set<ObservedRecord>();
  const systems = EXTERNAL_SYSTEMS.filter((system) => snapshot[system] !== undefined);
  for (const record of oracle) {
    if (record.writes === 0) continue;
    const catalog = catalogMatches(record, snapshot.catalog);
    const sides = systems
      .filter((system) => SYSTEM_FIELDS[system][record.kind] !== undefined)
      .map((system) => ({
        system,
        matches: systemMatches(record, system, snapshot[system] ?? [], catalog),
      }));
    for (const match of [...catalog, ...sides.flatMap((s) => s.matches)]) claimed.add(match);
    problems.push(...duplicates(record, catalog, sides));
    problems.push(...compareRecord(record, catalog[0], sides));
  }
  for (const side of ['catalog', ...systems] as const) {
    for (const observed of snapshot[side] ?? []) {
      if (claimed.has(observed)) continue;
      const state = observed.deleted ? 'deleted' : 'live';
      problems.push({
        kind: 'duplicate',
        record: `${side}:${observed.id}`,
        ...(side === 'catalog' ? {} : { system: side }),
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
      (c.id === record.catalogId ||
        (record.stripeId !== null && c.links?.stripe === record.stripeId)),
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

/** A system's copies: by the id the workload knows, the catalog id it carries, or a catalog link. */
function systemMatches(
  record: OracleRecord,
  system: ExternalSystem,
  observed: ObservedRecord[],
  catalog: ObservedRecord[],
): ObservedRecord[] {
  const catalogIds = new Set(catalog.map((c) => c.id));
  const linked = new Set(catalog.flatMap((c) => c.links?.[system] ?? []));
  const knownId = system === 'stripe' ? record.stripeId : null;
  const matches = observed.filter(
    (s) =>
      s.kind === record.kind &&
      (s.id === knownId || linked.has(s.id) || (s.linkedId !== null && catalogIds.has(s.linkedId))),
  );
  return primaryFirst(matches, knownId ?? catalog[0]?.links?.[system] ?? null);
}

function duplicates(
  record: OracleRecord,
  catalog: ObservedRecord[],
  sides: SystemSide[],
): Problem[] {
  const problems: Problem[] = [];
  if (catalog.length > 1) {
    problems.push({
      kind: 'duplicate',
      record: record.key,
      detail: `${catalog.length} catalog records: ${catalog.map((c) => c.id).join(', ')}`,
    });
  }
  for (const { system, matches } of sides) {
    if (matches.length > 1) {
      problems.push({
        kind: 'duplicate',
        record: record.key,
        system,
        detail: `${matches.length} ${SYSTEM_LABELS[system]} objects: ${matches.map((s) => s.id).join(', ')}`,
      });
    }
    const prices = matches[0]?.activePrices;
    if (prices !== undefined && prices > 1 && !matches[0].deleted) {
      problems.push({
        kind: 'duplicate',
        record: record.key,
        system,
        field: 'price',
        detail: `${prices} active prices`,
      });
    }
  }
  return problems;
}

function compareRecord(
  record: OracleRecord,
  catalog: ObservedRecord | undefined,
  sides: SystemSide[],
): Problem[] {
  const loss = (field: string, detail: string, system?: ExternalSystem): Problem => ({
    kind: 'loss',
    record: record.key,
    field,
    ...(system ? { system } : {}),
    detail,
  });
  const problems: Problem[] = [];
  if (record.deleted) {
    if (catalog && !catalog.deleted) problems.push(loss('deleted', 'deleted, but live in catalog'));
    for (const { system, matches } of sides) {
      const copy = matches[0];
      if (copy && liveAfterDelete(system, copy)) {
        problems.push(
          loss('deleted', `deleted, but live in ${SYSTEM_LABELS[system]} (${copy.id})`, system),
        );
      }
    }
    return problems;
  }
  if (!catalog || catalog.deleted) return [loss('record', 'missing (or deleted) in catalog')];
  // A contested field may end with either side's value (the policy decides), never a third.
  const allowed = (field: string, expected: unknown): readonly unknown[] =>
    record.contested?.field === field ? record.contested.values : [expected];
  const mismatch = (field: string, value: unknown, where: string): string =>
    `${where} holds ${JSON.stringify(value)}, last write was ${allowed(
      field,
      expectedValue(record, field),
    )
      .map((v) => JSON.stringify(v))
      .join(' or ')}`;
  for (const [field, expected] of Object.entries(record.expected)) {
    const value = catalog.fields[field];
    if (!allowed(field, expected).includes(value))
      problems.push(loss(field, mismatch(field, value, 'catalog')));
  }
  for (const { system, matches } of sides) {
    const label = SYSTEM_LABELS[system];
    const copy = matches[0];
    if (!copy || copy.deleted) {
      problems.push(loss('record', `missing (or deleted) in ${label}`, system));
      continue;
    }
    for (const field of SYSTEM_FIELDS[system][record.kind] ?? []) {
      const expected = expectedValue(record, field);
      const [inCatalog, inSystem] = [catalog.fields[field], copy.fields[field]];
      if (inCatalog !== inSystem) {
        problems.push({
          kind: 'mismatch',
          record: record.key,
          field,
          system,
          detail: `catalog ${JSON.stringify(inCatalog)} vs ${label} ${JSON.stringify(inSystem)} (${catalog.id} / ${copy.id})`,
        });
      }
      if (!allowed(field, expected).includes(inSystem))
        problems.push(loss(field, mismatch(field, inSystem, label), system));
    }
  }
  return problems;
}
