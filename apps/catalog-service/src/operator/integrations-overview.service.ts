import type { ConnectorStatusData, EntityType, InboundRun, SyncDirection } from '@concord/model';
import { KnownSystems } from '@concord/model';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';
import { ConnectorPresenceService } from './connector-presence.service';

/** Activity kinds that are a change reaching one side or the other. */
export const CHANGE_KINDS = [
  'inbound.created',
  'inbound.linked',
  'inbound.updated',
  'inbound.deleted',
  'outcome.synced',
] as const;

/** One external system as the console's overview shows it (read scope: no settings details). */
export interface IntegrationOverview {
  system: string;
  /** Whether a connector for this system has a running member; null when Kafka did not answer. */
  connectorRunning: boolean | null;
  connection: {
    enabled: boolean;
    paused: boolean;
    pausedReason: string | null;
    direction: SyncDirection;
    entityTypes: EntityType[];
    updatedAt: string;
  } | null;
  status:
    | (Pick<
        ConnectorStatusData,
        'health' | 'state' | 'reason' | 'budget' | 'apiAllocation' | 'observedAt'
      > & {
        /** The connector's latest listing (reconciliation or inbound backfill) and its progress. */
        inboundRun: InboundRun | null;
      })
    | null;
  lastSyncedAt: string | null;
  changesLastHour: number;
  /** Open dead letters of this system's connector. */
  openFailures: number;
  /** Records whose last sync to this system failed. */
  failedRecords: number;
  heldDeletes: number;
  /** The latest outbound backfill (started when the connection was enabled), if any. */
  backfill: {
    /** paused: the connection is paused; the backfill keeps its place and goes on at resume. */
    status: 'running' | 'paused' | 'done' | 'cancelled';
    published: number;
    /** Live records to send, counted at the start (null for a backfill older than the count). */
    total: number | null;
    /** Records sent per second since the start (null before the first second or page). */
    ratePerSecond: number | null;
    entityTypes: EntityType[];
    /** The type being sent now (customers and products before invoices); null once finished. */
    currentEntityType: EntityType | null;
    startedAt: string;
    completedAt: string | null;
  } | null;
}

interface BackfillRow {
  system: string;
  status: 'pending' | 'done' | 'cancelled';
  published: number;
  total: number | null;
  /** Seconds from the start to the last page (or the end). */
  elapsed_seconds: number;
  entity_types: EntityType[];
  entity_index: number;
  created_at: Date;
  completed_at: Date | null;
}

interface CountRow {
  system: string;
  n: string;
}

/**
 * The integrations overview: every system a tenant is connected to, reports a status for, or
 * could connect to (a known system, or any system whose connector is running), with the numbers
 * an operator checks first. Read-only SQL over tables other features own.
 */
@Injectable()
export class IntegrationsOverviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    private readonly presence: ConnectorPresenceService,
  ) {}

  async list(tenantId: string, now = new Date()): Promise<IntegrationOverview[]> {
    const query = <T>(sql: string, params: unknown[] = [tenantId]): Promise<T[]> =>
      this.dataSource.query(sql, params);
    const since = new Date(now.getTime() - 3_600_000);
    const [connections, statuses, synced, changes, failed, held, letters, backfills, presence] =
      await Promise.all([
        query<{
          system: string;
          enabled: boolean;
          paused: boolean;
          paused_reason: string | null;
          direction: SyncDirection;
          entity_types: EntityType[];
          updated_at: Date;
        }>(
          `SELECT system, enabled, paused, paused_reason, direction, entity_types, updated_at
           FROM integration_connections WHERE tenant_id = $1`,
        ),
        query<{ system: string; status: ConnectorStatusData }>(
          `SELECT DISTINCT ON (system) system, status FROM connector_statuses
           WHERE tenant_id = $1 ORDER BY system, observed_at DESC`,
        ),
        query<{ system: string; at: Date }>(
          // A record synced and failed since still had a successful sync: the activity feed
          // remembers it (for its retention), the current sync states for longer.
          `SELECT system, max(at) AS at FROM (
             SELECT system, max(created_at) AS at FROM activity
             WHERE tenant_id = $1 AND kind = ANY($2) GROUP BY system
             UNION ALL
             SELECT system, max(updated_at) AS at FROM sync_states
             WHERE tenant_id = $1 AND state = 'synced' GROUP BY system
           ) latest GROUP BY system`,
          [tenantId, [...CHANGE_KINDS]],
        ),
        query<CountRow>(
          `SELECT system, count(*) AS n FROM activity
           WHERE tenant_id = $1 AND created_at >= $2 AND kind = ANY($3) GROUP BY system`,
          [tenantId, since, [...CHANGE_KINDS]],
        ),
        query<CountRow>(
          `SELECT system, count(*) AS n FROM sync_states
           WHERE tenant_id = $1 AND state = 'failed' GROUP BY system`,
        ),
        query<CountRow>(
          `SELECT system, count(*) AS n FROM held_deletes
           WHERE tenant_id = $1 AND status = 'held' GROUP BY system`,
        ),
        query<{ consumer_group: string; n: string }>(
          `SELECT consumer_group, count(*) AS n FROM dead_letters
           WHERE tenant_id = $1 AND status = 'open' GROUP BY consumer_group`,
        ),
        query<BackfillRow>(
          `SELECT DISTINCT ON (system) system, status, published, total, entity_types,
                  entity_index, created_at, completed_at,
                  extract(epoch FROM coalesce(completed_at, updated_at) - created_at)::float8
                    AS elapsed_seconds
           FROM backfill_jobs WHERE tenant_id = $1 ORDER BY system, created_at DESC`,
        ),
        this.presence.presence(),
      ]);

    const counts = (rows: CountRow[]) => new Map(rows.map((row) => [row.system, Number(row.n)]));
    const changeCounts = counts(changes);
    const failedCounts = counts(failed);
    const heldCounts = counts(held);
    const letterCounts = new Map<string, number>();
    const groupPrefix = `${this.config.KAFKA_TOPIC_PREFIX}connector-`;
    for (const row of letters) {
      if (!row.consumer_group.startsWith(groupPrefix)) continue;
      letterCounts.set(row.consumer_group.slice(groupPrefix.length), Number(row.n));
    }
    const systems = new Set<string>([
      ...KnownSystems,
      ...(presence.running ?? []),
      ...connections.map((row) => row.system),
      ...statuses.map((row) => row.system),
    ]);

    return [...systems].sort().map((system): IntegrationOverview => {
      const connection = connections.find((row) => row.system === system);
      const status = statuses.find((row) => row.system === system)?.status;
      const lastSynced = synced.find((row) => row.system === system)?.at;
      const backfill = backfills.find((row) => row.system === system);
      return {
        system,
        connectorRunning: presence.running === null ? null : presence.running.has(system),
        connection: connection
          ? {
              enabled: connection.enabled,
              paused: connection.paused,
              pausedReason: connection.paused_reason,
              direction: connection.direction,
              entityTypes: connection.entity_types,
              updatedAt: connection.updated_at.toISOString(),
            }
          : null,
        status: status
          ? {
              health: status.health,
              state: status.state,
              reason: status.reason,
              budget: status.budget,
              apiAllocation: status.apiAllocation,
              observedAt: status.observedAt,
              inboundRun: status.inboundRun ?? null,
            }
          : null,
        lastSyncedAt: lastSynced ? new Date(lastSynced).toISOString() : null,
        changesLastHour: changeCounts.get(system) ?? 0,
        openFailures: letterCounts.get(system) ?? 0,
        failedRecords: failedCounts.get(system) ?? 0,
        heldDeletes: heldCounts.get(system) ?? 0,
        backfill: backfill ? backfillView(backfill, connection?.paused ?? false) : null,
      };
    });
  }
}

function backfillView(
  row: BackfillRow,
  paused: boolean,
): NonNullable<IntegrationOverview['backfill']> {
  const running = row.status === 'pending';
  const elapsed = Number(row.elapsed_seconds);
  return {
    status: row.status === 'pending' ? (paused ? 'paused' : 'running') : row.status,
    published: row.published,
    total: row.total,
    ratePerSecond:
      row.published > 0 && elapsed >= 1 ? Math.round((row.published / elapsed) * 10) / 10 : null,
    entityTypes: row.entity_types,
    currentEntityType: running ? (row.entity_types[row.entity_index] ?? null) : null,
    startedAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
