import { MigrationInterface, QueryRunner } from 'typeorm';

/** Products carry free key/value metadata like customers and invoices ({} for existing ones). */
export class ProductMetadata1767398400000 implements MigrationInterface {
  name = 'ProductMetadata1767398400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE products ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE products DROP COLUMN IF EXISTS metadata');
  }
}
