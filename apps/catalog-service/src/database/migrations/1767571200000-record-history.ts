import { MigrationInterface, QueryRunner } from 'typeorm';

// One record's sync events, newest first (GET /v1/sync/activity?entityId=, the console's record
// history), without scanning the tenant's whole activity.
export class RecordHistory1767571200000 implements MigrationInterface {
  name = 'RecordHistory1767571200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX activity_entity_idx ON activity (tenant_id, entity_id, created_at DESC, id DESC)
       WHERE entity_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS activity_entity_idx');
  }
}
