import { MigrationInterface, QueryRunner } from 'typeorm';

// What the console's operators do by hand: connection tests answered by the connector, conflicts
// resolved one at a time, and the size of an outbound backfill (its progress).
const STATEMENTS = [
  // One row per "test the connection"; the connector's answer arrives on the status topic and is
  // written here by whichever replica's applier reads it, so any replica can answer a poll.
  `CREATE TABLE connection_tests (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants (id),
    system text NOT NULL,
    connection_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    message text,
    error_code text,
    requested_by text NOT NULL,
    requested_at timestamptz(3) NOT NULL DEFAULT now(),
    tested_at timestamptz(3)
  )`,
  `CREATE INDEX connection_tests_tenant_idx ON connection_tests (tenant_id, system, requested_at)`,

  `ALTER TABLE sync_conflicts
    ADD COLUMN resolved_choice text
      CHECK (resolved_choice IN ('keep-catalog', 'take-external', 'delete', 'restore')),
    ADD COLUMN resolved_by text,
    ADD COLUMN resolved_at timestamptz(3)`,

  // Records to send, counted when the backfill starts (null for jobs started before this column).
  `ALTER TABLE backfill_jobs ADD COLUMN total integer`,
];

export class OperatorActions1767484800000 implements MigrationInterface {
  name = 'OperatorActions1767484800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE backfill_jobs DROP COLUMN IF EXISTS total');
    await queryRunner.query(
      `ALTER TABLE sync_conflicts DROP COLUMN IF EXISTS resolved_choice,
        DROP COLUMN IF EXISTS resolved_by, DROP COLUMN IF EXISTS resolved_at`,
    );
    await queryRunner.query('DROP TABLE IF EXISTS connection_tests');
  }
}
