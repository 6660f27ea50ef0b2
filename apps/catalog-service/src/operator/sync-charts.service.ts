import type { ConnectorStatusData } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { CHANGE_KINDS } from './integrations-overview.service';

/** Changes and failures of one system in one minute (minutes without any are left out). */
export interface SyncMinute {
  minute: string;
  system: string;
  changes: number;
  failures: number;
}

/** The latest rate budget and API allocation a connector reported. */
export interface BudgetUse {
  system: string;
  budget: ConnectorStatusData['budget'];
  apiAllocation: ConnectorStatusData['apiAllocation'];
  observedAt: string;
}

/** The peak rate budget and API allocation use of one system in one minute (minutes reported). */
export interface BudgetMinute {
  minute: string;
  system: string;
  budget: { used: number; limit: number } | null;
  apiAllocation: { used: number; limit: number } | null;
}

export interface SyncCharts {
  from: string;
  to: string;
  perMinute: SyncMinute[];
  budgets: BudgetUse[];
  budgetPerMinute: BudgetMinute[];
}

type Sample = { used: number | null; limit: number | null };

function sample({ used, limit }: Sample): { used: number; limit: number } | null {
  return used === null || limit === null ? null : { used, limit };
}

/**
 * The aggregates the console charts: changes and failures per minute per system, from the
 * activity catalog-service keeps (so no further than its retention), the budget use each
 * connector last reported, and each minute's peak budget use (kept from the connectors' reports).
 */
@Injectable()
export class SyncChartsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async charts(tenantId: string, minutes: number, now = new Date()): Promise<SyncCharts> {
    const from = new Date(now.getTime() - minutes * 60_000);
    const [perMinute, statuses, budgetMinutes] = await Promise.all([
      this.dataSource.query(
        `SELECT date_trunc('minute', created_at) AS minute, system,
                count(*) FILTER (WHERE kind = ANY($3)) AS changes,
                count(*) FILTER (WHERE kind = 'outcome.failed') AS failures
         FROM activity WHERE tenant_id = $1 AND created_at >= $2
         GROUP BY 1, 2 ORDER BY 1, 2`,
        [tenantId, from, [...CHANGE_KINDS]],
      ) as Promise<Array<{ minute: Date; system: string; changes: string; failures: string }>>,
      this.dataSource.query(
        `SELECT DISTINCT ON (system) system, status FROM connector_statuses
         WHERE tenant_id = $1 ORDER BY system, observed_at DESC`,
        [tenantId],
      ) as Promise<Array<{ system: string; status: ConnectorStatusData }>>,
      this.dataSource.query(
        `SELECT minute, system, budget_used, budget_limit, allocation_used, allocation_limit
         FROM budget_samples WHERE tenant_id = $1 AND minute >= date_trunc('minute', $2::timestamptz)
         ORDER BY minute, system`,
        [tenantId, from],
      ) as Promise<
        Array<{
          minute: Date;
          system: string;
          budget_used: number | null;
          budget_limit: number | null;
          allocation_used: number | null;
          allocation_limit: number | null;
        }>
      >,
    ]);
    return {
      from: from.toISOString(),
      to: now.toISOString(),
      perMinute: perMinute
        .map((row) => ({
          minute: new Date(row.minute).toISOString(),
          system: row.system,
          changes: Number(row.changes),
          failures: Number(row.failures),
        }))
        .filter((row) => row.changes + row.failures > 0),
      budgets: statuses.map(({ system, status }) => ({
        system,
        budget: status.budget,
        apiAllocation: status.apiAllocation,
        observedAt: status.observedAt,
      })),
      budgetPerMinute: budgetMinutes.map((row) => ({
        minute: new Date(row.minute).toISOString(),
        system: row.system,
        budget: sample({ used: row.budget_used, limit: row.budget_limit }),
        apiAllocation: sample({ used: row.allocation_used, limit: row.allocation_limit }),
      })),
    };
  }
}
