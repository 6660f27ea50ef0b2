import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the connector last reported a write of the record to its system (the outcome's
 * `occurredAt`): a listing of that system published before it was read before the write, so it
 * cannot say what the system holds now (see isSnapshotBeforeWrite in inbound-staleness.ts).
 */
export class LinkLastWrittenAt1767744000000 implements MigrationInterface {
  name = 'LinkLastWrittenAt1767744000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE identity_links ADD COLUMN IF NOT EXISTS last_written_at timestamptz(3)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE identity_links DROP COLUMN IF EXISTS last_written_at');
  }
}
