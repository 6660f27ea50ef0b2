import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Field clocks are written by the application, set-based, in the statement that appends the
 * change's outbox row (outbox/outbox-event.sql.ts), instead of by a per-row trigger on the outbox
 * that inserted one row per changed field. Same rows, same values: one per (record, origin,
 * top-level field), `changed_at` the event's time, never moved backwards.
 */
export class SetBasedFieldClocks1767657600000 implements MigrationInterface {
  name = 'SetBasedFieldClocks1767657600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS outbox_field_clocks ON outbox');
    await queryRunner.query('DROP FUNCTION IF EXISTS record_field_clocks()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION record_field_clocks() RETURNS trigger LANGUAGE plpgsql AS $$
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
  $$`);
    await queryRunner.query(`CREATE TRIGGER outbox_field_clocks AFTER INSERT ON outbox
    FOR EACH ROW EXECUTE FUNCTION record_field_clocks()`);
  }
}
