import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One event waiting to be (or already) published: Debezium's outbox event router layout. */
@Entity({ name: 'outbox' })
export class OutboxRecordEntity {
  /** Also the event id, and later the provider idempotency key. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The entity type: routes the event to catalog.<aggregatetype>.v1. */
  @Column({ type: 'text' })
  aggregatetype!: string;

  /** `<tenant>:<entity id>`: the Kafka key, so one entity's events stay in order. */
  @Column({ type: 'text' })
  aggregateid!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ type: 'text' })
  tenant!: string;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  /** Publish order; assigned by PostgreSQL. */
  @Column({ type: 'bigint', insert: false, update: false })
  sequence!: string;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', precision: 3, nullable: true })
  publishedAt!: Date | null;
}
