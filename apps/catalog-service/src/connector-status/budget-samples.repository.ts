import type { ConnectorStatusData } from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Samples older than this are deleted (the longest chart window is 24 hours). */
const KEEP_MS = 25 * 3_600_000;

/**
 * The rate budget and API allocation a connector reported, one row per system and minute
 * holding the minute's peak: the charts ask "how close to its limit did it get", which an
 * average or the last report of the minute would hide.
 */
@Injectable()
export class BudgetSamplesRepository {
  async record(
    manager: EntityManager,
    tenantId: string,
    status: Pick<ConnectorStatusData, 'system' | 'budget' | 'apiAllocation' | 'observedAt'>,
  ): Promise<void> {
    const { budget, apiAllocation } = status;
    if (!budget && !apiAllocation) return;
    const observedAt = new Date(status.observedAt);
    // GREATEST skips NULLs: a report without a budget keeps the minute's earlier one.
    const [row] = (await manager.query(
      `INSERT INTO budget_samples AS s (tenant_id, system, minute, budget_used, budget_limit,
         allocation_used, allocation_limit)
       VALUES ($1, $2, date_trunc('minute', $3::timestamptz), $4, $5, $6, $7)
       ON CONFLICT (tenant_id, system, minute) DO UPDATE SET
         budget_used = GREATEST(s.budget_used, EXCLUDED.budget_used),
         budget_limit = COALESCE(EXCLUDED.budget_limit, s.budget_limit),
         allocation_used = GREATEST(s.allocation_used, EXCLUDED.allocation_used),
         allocation_limit = COALESCE(EXCLUDED.allocation_limit, s.allocation_limit)
       RETURNING (xmax = 0) AS inserted`,
      [
        tenantId,
        status.system,
        observedAt,
        budget?.used ?? null,
        budget?.limit ?? null,
        apiAllocation?.used ?? null,
        apiAllocation?.limit ?? null,
      ],
    )) as Array<{ inserted: boolean }>;
    // Once a minute per system (when its row is new), the system's old minutes go.
    if (row?.inserted) {
      await manager.query(
        'DELETE FROM budget_samples WHERE tenant_id = $1 AND system = $2 AND minute < $3',
        [tenantId, status.system, new Date(observedAt.getTime() - KEEP_MS)],
      );
    }
  }
}
