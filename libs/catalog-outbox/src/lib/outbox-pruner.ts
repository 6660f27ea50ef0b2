/** Runs one SQL statement and returns its rows (TypeORM's DataSource.query and pg both fit). */
export type SqlRows = (sql: string, params: unknown[]) => Promise<unknown[]>;

export interface PruneSettings {
  outboxRetentionHours: number;
  /** `published`: rows published before the cutoff; `created`: rows created before it (Debezium). */
  pruneBy: 'published' | 'created';
  inboxRetentionHours: number;
  idempotencyRetentionHours: number;
}

export interface PruneResult {
  outbox: number;
  inbox: number;
  idempotencyKeys: number;
}

const BATCH = 5000;
const HOUR_MS = 3_600_000;

// Deletes go in bounded batches so a large backlog never holds one long transaction.
const OUTBOX_BY_PUBLISHED = `WITH doomed AS (
    SELECT id FROM outbox WHERE published_at IS NOT NULL AND published_at < $1 LIMIT ${BATCH}
  ), gone AS (DELETE FROM outbox o USING doomed d WHERE o.id = d.id RETURNING 1)
  SELECT count(*)::int AS n FROM gone`;
const OUTBOX_BY_CREATED = `WITH doomed AS (
    SELECT id FROM outbox WHERE created_at < $1 LIMIT ${BATCH}
  ), gone AS (DELETE FROM outbox o USING doomed d WHERE o.id = d.id RETURNING 1)
  SELECT count(*)::int AS n FROM gone`;
const INBOX = `WITH gone AS (
    DELETE FROM inbox WHERE ctid IN (SELECT ctid FROM inbox WHERE received_at < $1 LIMIT ${BATCH})
    RETURNING 1
  ) SELECT count(*)::int AS n FROM gone`;
const IDEMPOTENCY_KEYS = `WITH gone AS (
    DELETE FROM idempotency_keys WHERE ctid IN (
      SELECT ctid FROM idempotency_keys WHERE created_at < $1 LIMIT ${BATCH}
    ) RETURNING 1
  ) SELECT count(*)::int AS n FROM gone`;

/**
 * Deletes outbox rows, and catalog-service's inbox entries and idempotency keys, older than their
 * retention: in bounded batches, one statement each.
 */
export class OutboxPruner {
  constructor(
    private readonly query: SqlRows,
    private readonly settings: PruneSettings,
  ) {}

  async pruneOnce(now = new Date()): Promise<PruneResult> {
    const before = (hours: number): Date => new Date(now.getTime() - hours * HOUR_MS);
    const { settings } = this;
    return {
      outbox: await this.drain(
        settings.pruneBy === 'created' ? OUTBOX_BY_CREATED : OUTBOX_BY_PUBLISHED,
        before(settings.outboxRetentionHours),
      ),
      inbox: await this.drain(INBOX, before(settings.inboxRetentionHours)),
      idempotencyKeys: await this.drain(
        IDEMPOTENCY_KEYS,
        before(settings.idempotencyRetentionHours),
      ),
    };
  }

  private async drain(sql: string, cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = (await this.query(sql, [cutoff])) as Array<{ n: number }>;
      total += row.n;
      if (row.n < BATCH) return total;
    }
  }
}
