import { MigrationInterface, QueryRunner } from 'typeorm';

// What the console shows over time: one record's sync events, and each connector's rate budget
// and API allocation minute by minute.
const STATEMENTS = [
  // One record's sync events, newest first (GET /v1/sync/activity?entityId=, a record's history),
  // without scanning the tenant's whole activity.
  `CREATE INDEX activity_entity_idx ON activity (tenant_id, entity_id, created_at DESC, id DESC)
   WHERE entity_id IS NOT NULL`,

  // The peak use a connector reported in each minute (GET /v1/overview/charts). Its reports come
  // every few seconds; the table keeps one row per minute and 25 hours of them (the longest
  // chart window is 24 hours).
  `CREATE TABLE budget_samples (
    tenant_id text NOT NULL,
    system text NOT NULL,
    minute timestamptz(0) NOT NULL,
    budget_used integer,
    budget_limit integer,
    allocation_used integer,
    allocation_limit integer,
    PRIMARY KEY (tenant_id, system, minute)
  )`,
];

export class OperatorHistory1767571200000 implements MigrationInterface {
  name = 'OperatorHistory1767571200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS budget_samples');
    await queryRunner.query('DROP INDEX IF EXISTS activity_entity_idx');
  }
}
