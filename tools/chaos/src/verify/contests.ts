import type { CatalogClient } from '../clients/catalog-client';
import { sleep } from '../clients/retry';
import type { SimulatorControl } from '../faults/simulator-control';
import type { OracleRecord } from '../workload/oracle';
import type { Problem } from './observed';

interface RecordSync {
  conflicts: Array<{ field: string; catalogValue: unknown; externalValue: unknown }>;
}

/**
 * Every contested record (both sides renamed it at once) must have its conflict recorded in the
 * catalog: a conflict on the contested field between the two values written (`GET
 * /v1/customers/:id/sync`). Convergence itself is checked with the rest of the record.
 */
export async function verifyContests(
  catalog: CatalogClient,
  oracle: readonly OracleRecord[],
): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const record of oracle) {
    const contested = record.contested;
    if (!contested || record.catalogId === null) continue;
    const answer = await catalog.expect<RecordSync>(
      [200],
      'GET',
      `/v1/customers/${record.catalogId}/sync`,
    );
    const recorded = answer.body.conflicts.some(
      (c) =>
        c.field === contested.field &&
        contested.values.includes(String(c.catalogValue)) &&
        contested.values.includes(String(c.externalValue)),
    );
    if (!recorded) {
      const trail = await activityTrail(catalog, record.catalogId);
      problems.push({
        kind: 'conflict',
        record: record.key,
        field: contested.field,
        detail: `both sides wrote it at once (${contested.values.map((v) => JSON.stringify(v)).join(' / ')}), but no conflict was recorded (${answer.body.conflicts.length} other conflicts); its sync activity, oldest first: ${trail}`,
      });
    }
  }
  return problems;
}

interface Activity {
  entityId: string | null;
  kind: string;
  createdAt: string;
  details: Record<string, unknown>;
}

/** What the catalog's sync activity shows of one record (to tell which order a contest took). */
async function activityTrail(catalog: CatalogClient, entityId: string): Promise<string> {
  let all: Activity[];
  try {
    all = await catalog.listAll<Activity>('/v1/sync/activity?entityType=customer');
  } catch (error) {
    return `unreadable (${String(error)})`;
  }
  return all
    .filter((a) => a.entityId === entityId)
    .reverse()
    .map((a) => {
      const { changedAt, version, entityVersion, changedFields, conflicts } = a.details;
      const facts = { changedAt, version: version ?? entityVersion, changedFields, conflicts };
      return `${a.createdAt.slice(11, 23)} ${a.kind} ${JSON.stringify(facts)}`;
    })
    .join('; ');
}

/**
 * The contests once every webhook is settled: waits until the simulator has no delivery held,
 * scheduled or in flight (a contest's own rename may still be retried after the faults; one it
 * gave up on is left to the connector's event polling), then until each contest's conflict is
 * recorded, up to `timeoutMs` in all; what is still missing then is a problem. Checked before the
 * mass delete and the broker losing its data, whose pauses and lost in-flight messages are not
 * contests.
 */
export async function verifySettledContests(
  catalog: CatalogClient,
  control: Pick<SimulatorControl, 'pendingWebhookDeliveries'>,
  oracle: readonly OracleRecord[],
  timeoutMs: number,
  say: (line: string) => void,
): Promise<Problem[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await control.pendingWebhookDeliveries();
    if (pending === 0 || Date.now() >= deadline) {
      if (pending > 0)
        say(`contests: ${pending} webhook deliveries still pending after ${timeoutMs} ms`);
      break;
    }
    await sleep(1_000);
  }
  for (;;) {
    const problems = await verifyContests(catalog, oracle);
    if (problems.length === 0 || Date.now() >= deadline) return problems;
    await sleep(1_000);
  }
}
