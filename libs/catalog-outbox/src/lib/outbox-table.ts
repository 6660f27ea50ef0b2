/**
 * The outbox table contract: the layout of Debezium's outbox event router (so Debezium can
 * replace the relay; docker/debezium/concord-outbox-connector.json maps these columns), a
 * `sequence` giving the publish order, and an insert trigger that NOTIFYs the relays.
 * catalog-service's initial migration creates the table with exactly these statements.
 */
export const OUTBOX_TABLE = 'outbox';

/** PostgreSQL's NOTIFY channel, signalled by the outbox insert trigger. */
export const OUTBOX_CHANNEL = 'concord_outbox';

/** The statements that create the table, its indexes and its NOTIFY trigger. */
export const OUTBOX_TABLE_STATEMENTS: readonly string[] = [
  `CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    aggregatetype text NOT NULL,
    aggregateid text NOT NULL,
    type text NOT NULL,
    payload jsonb NOT NULL,
    tenant text NOT NULL,
    headers jsonb NOT NULL DEFAULT '{}',
    sequence bigserial NOT NULL UNIQUE,
    created_at timestamptz(3) NOT NULL DEFAULT now(),
    published_at timestamptz(3)
  )`,
  `CREATE INDEX outbox_unpublished_idx ON outbox (sequence) WHERE published_at IS NULL`,
  `CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL`,
  `CREATE INDEX outbox_created_idx ON outbox (created_at)`,
  // One notification per inserting statement; PostgreSQL delivers it on commit, so a relay never
  // wakes up for a row it cannot see yet.
  `CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${OUTBOX_CHANNEL}', '');
      RETURN NULL;
    END
  $$`,
  `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
];

/** Undoes OUTBOX_TABLE_STATEMENTS. */
export const OUTBOX_DROP_STATEMENTS: readonly string[] = [
  'DROP TABLE IF EXISTS outbox',
  'DROP FUNCTION IF EXISTS outbox_notify()',
];

/** Runs one SQL statement and returns its rows (TypeORM's EntityManager.query and pg both fit). */
export type SqlQuery = (sql: string, params: unknown[]) => Promise<unknown>;

/** One event to publish: what a writer appends, in the transaction of the change it announces. */
export interface OutboxAppend {
  /** The event id: also the outbox id, so consumers dedupe redeliveries by it. */
  id: string;
  /** Routes the row to its topic (see outbox-routing.ts): an entity type, or `connection`. */
  aggregatetype: string;
  /** The Kafka key: one key's rows are published in the order they were appended. */
  aggregateid: string;
  type: string;
  /** The message value, stored as jsonb; `null` publishes a tombstone (compacted topics only). */
  payload: unknown;
  tenant: string;
  headers: Record<string, string>;
}

/**
 * A header whose value the database computes in the append's own statement (no round trip of its
 * own): `valueSql` is a scalar subquery giving text, or NULL for no header. Its parameters are
 * numbered from `$8` (the append's own take `$1` to `$7`).
 */
export interface ComputedHeader {
  name: string;
  valueSql: string;
  params: unknown[];
}

/** Placeholders before a computed header's own. */
export const COMPUTED_HEADER_FIRST_PARAM = 8;

/**
 * Appends one row. Pass the query function of the caller's transaction (e.g. TypeORM's
 * `manager.query.bind(manager)`): the row commits with the change, or not at all.
 */
export async function appendOutboxRow(
  query: SqlQuery,
  row: OutboxAppend,
  computed?: ComputedHeader,
): Promise<void> {
  const headersSql = computed
    ? `$7::jsonb || jsonb_strip_nulls(jsonb_build_object($${COMPUTED_HEADER_FIRST_PARAM + computed.params.length}::text, (${computed.valueSql})))`
    : '$7::jsonb';
  await query(
    `INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tenant, headers, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, ${headersSql}, now())`,
    [
      row.id,
      row.aggregatetype,
      row.aggregateid,
      row.type,
      JSON.stringify(row.payload),
      row.tenant,
      JSON.stringify(row.headers),
      ...(computed ? [...computed.params, computed.name] : []),
    ],
  );
}
