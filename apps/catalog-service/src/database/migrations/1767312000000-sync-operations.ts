import { MigrationInterface, QueryRunner } from 'typeorm';

// Tables and columns of the inbound applier, the integrations API, sync visibility and
// notifications (catalog-service part B). The initial schema is left as it is.
const STATEMENTS = [
  // The external record as last synced (canonical fields) and the change time last applied from
  // the system: the conflict baseline and the staleness mark.
  `ALTER TABLE identity_links
    ADD COLUMN last_synced_content jsonb,
    ADD COLUMN last_inbound_changed_at timestamptz(3)`,

  `ALTER TABLE integration_connections
    ADD COLUMN credentials_updated_at timestamptz(3)`,

  // When each field of a record last changed, per origin. Kept by a trigger on the outbox, so every
  // write path (API or applier) records it in the same transaction as the change; last-writer-wins
  // compares an inbound change with the last change of that field from any other origin.
  `CREATE TABLE field_clocks (
    tenant_id text NOT NULL,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    origin text NOT NULL,
    field text NOT NULL,
    changed_at timestamptz(3) NOT NULL,
    PRIMARY KEY (tenant_id, entity_type, entity_id, origin, field)
  )`,
  `CREATE FUNCTION record_field_clocks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.aggregatetype IN ('customer', 'product', 'invoice') THEN
        INSERT INTO field_clocks (tenant_id, entity_type, entity_id, origin, field, changed_at)
        SELECT DISTINCT NEW.tenant, NEW.aggregatetype, (NEW.payload->>'subject')::uuid,
          NEW.payload->>'origin', split_part(changed.field, '.', 1),
          (NEW.payload->>'time')::timestamptz
        FROM jsonb_array_elements_text(NEW.payload->'data'->'changedFields') AS changed(field)
        ON CONFLICT (tenant_id, entity_type, entity_id, origin, field)
          DO UPDATE SET changed_at = GREATEST(field_clocks.changed_at, EXCLUDED.changed_at);
      END IF;
      RETURN NULL;
    END
  $$`,
  `CREATE TRIGGER outbox_field_clocks AFTER INSERT ON outbox
    FOR EACH ROW EXECUTE FUNCTION record_field_clocks()`,

  `CREATE TABLE held_deletes (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    system text NOT NULL,
    entity_type text NOT NULL CHECK (entity_type IN ('customer', 'product', 'invoice')),
    entity_id uuid NOT NULL,
    external_id text NOT NULL,
    source_event_id text NOT NULL,
    changed_at timestamptz(3) NOT NULL,
    status text NOT NULL DEFAULT 'held'
      CHECK (status IN ('held', 'approved', 'rejected', 'skipped')),
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    resolved_at timestamptz(3),
    resolved_by text
  )`,
  `CREATE INDEX held_deletes_open_idx ON held_deletes (tenant_id, system, status, created_at)`,

  `CREATE TABLE activity (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    system text NOT NULL,
    entity_type text,
    entity_id uuid,
    external_id text,
    kind text NOT NULL,
    details jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz(3) NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX activity_tenant_idx ON activity (tenant_id, created_at DESC, id DESC)`,
  `CREATE INDEX activity_window_idx ON activity (tenant_id, system, entity_type, kind, created_at)`,

  // Outbound backfill after a connection is enabled: resumable, one page at a time.
  `CREATE TABLE backfill_jobs (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    system text NOT NULL,
    entity_types text[] NOT NULL,
    entity_index integer NOT NULL DEFAULT 0,
    last_entity_id uuid,
    published integer NOT NULL DEFAULT 0,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled')),
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    updated_at timestamptz(3) NOT NULL DEFAULT now(),
    completed_at timestamptz(3)
  )`,
  `CREATE INDEX backfill_jobs_pending_idx ON backfill_jobs (created_at) WHERE status = 'pending'`,

  `CREATE TABLE notification_webhooks (
    tenant_id text PRIMARY KEY REFERENCES tenants (id),
    url text NOT NULL,
    secret_encrypted text NOT NULL,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    updated_at timestamptz(3) NOT NULL DEFAULT now()
  )`,
  // Deliveries are written in the transaction that causes them and sent (with retries) afterwards.
  `CREATE TABLE notification_deliveries (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
    last_error text,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    delivered_at timestamptz(3)
  )`,
  `CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at)
    WHERE status = 'pending'`,
];

export class SyncOperations1767312000000 implements MigrationInterface {
  name = 'SyncOperations1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'notification_deliveries',
      'notification_webhooks',
      'backfill_jobs',
      'activity',
      'held_deletes',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await queryRunner.query('DROP TRIGGER IF EXISTS outbox_field_clocks ON outbox');
    await queryRunner.query('DROP FUNCTION IF EXISTS record_field_clocks()');
    await queryRunner.query('DROP TABLE IF EXISTS field_clocks');
    await queryRunner.query(
      'ALTER TABLE integration_connections DROP COLUMN IF EXISTS credentials_updated_at',
    );
    await queryRunner.query(
      `ALTER TABLE identity_links DROP COLUMN IF EXISTS last_synced_content,
        DROP COLUMN IF EXISTS last_inbound_changed_at`,
    );
  }
}
