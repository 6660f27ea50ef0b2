import {
  COMPUTED_HEADER_FIRST_PARAM,
  type ComputedHeader,
  type OutboxAppend,
} from '@concord/catalog-outbox';

/** A catalog event ready to append, validated: its outbox row and what its field clocks need. */
export interface PreparedEvent {
  row: OutboxAppend;
  /** `x-concord-links`, computed by the database inside the outbox INSERT. */
  links: ComputedHeader | undefined;
  entityType: string;
  entityId: string;
  origin: string;
  /** The record's top-level fields the change touched (a field clock each). */
  clockFields: string[];
  /** The time the clocks take (a change applied from a system: its own); null: the event's. */
  clockTime: string | null;
}

/** A record row's times as the event spells them (`Date#toISOString`: UTC, milliseconds). */
const ISO_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** `stamp` columns `c`, `u`, `d`: a record row's created, updated and deleted times as ISO text. */
export function stampSql(recordCte: string): string {
  return `SELECT to_char(created_at AT TIME ZONE 'UTC', ${ISO_TEXT}) AS c,
      to_char(updated_at AT TIME ZONE 'UTC', ${ISO_TEXT}) AS u,
      to_char(deleted_at AT TIME ZONE 'UTC', ${ISO_TEXT}) AS d
    FROM ${recordCte}`;
}

function placeholder(params: unknown[], value: unknown): string {
  return `$${params.push(value)}`;
}

/** The computed header's subquery with its `$8…` placeholders moved to the end of `params`. */
function computedHeaderSql(computed: ComputedHeader, params: unknown[]): string {
  const moved = computed.params.map((value) => placeholder(params, value));
  const valueSql = computed.valueSql.replace(/\$(\d+)/g, (_match, n: string) => {
    const at = Number(n) - COMPUTED_HEADER_FIRST_PARAM;
    const target = moved[at];
    if (target === undefined) throw new Error(`computed header parameter $${n} out of range`);
    return target;
  });
  return `jsonb_strip_nulls(jsonb_build_object(${placeholder(params, computed.name)}::text, (${valueSql})))`;
}

/**
 * The outbox INSERT of `event` (`RETURNING payload`), for a CTE. With `stamp` (a CTE built by
 * `stampSql`), the event's `time` and its record's `createdAt`, `updatedAt` and `deletedAt` are
 * set from the record row the same statement wrote: the database's clock, as `records/record-statement.ts`
 * explains. Without it the payload is stored as prepared.
 */
export function outboxInsertSql(event: PreparedEvent, params: unknown[], stamp?: string): string {
  const p = (value: unknown): string => placeholder(params, value);
  let payload = `${p(JSON.stringify(event.row.payload))}::jsonb`;
  if (stamp !== undefined) {
    payload = `jsonb_set(jsonb_set(jsonb_set(jsonb_set(${payload},
        '{time}', to_jsonb(${stamp}.u)),
        '{data,entity,createdAt}', to_jsonb(${stamp}.c)),
        '{data,entity,updatedAt}', to_jsonb(${stamp}.u)),
        '{data,entity,deletedAt}', coalesce(to_jsonb(${stamp}.d), 'null'::jsonb))`;
  }
  const headers = `${p(JSON.stringify(event.row.headers))}::jsonb`;
  const links = event.links ? ` || ${computedHeaderSql(event.links, params)}` : '';
  const { row } = event;
  return `INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tenant, headers, created_at)
    SELECT ${p(row.id)}::uuid, ${p(row.aggregatetype)}, ${p(row.aggregateid)}, ${p(row.type)},
      ${payload}, ${p(row.tenant)}, ${headers}${links}, now()
    ${stamp === undefined ? '' : `FROM ${stamp}`}
    RETURNING payload`;
}

/**
 * The field clocks of the event the CTE `outboxCte` appended: one row per (record, origin,
 * top-level field), at the event's time, never moved backwards. Set-based, in the same statement
 * (this replaced a per-row trigger on the outbox). Last-writer-wins reads them
 * (inbound/field-resolution.ts).
 */
export function fieldClocksSql(event: PreparedEvent, params: unknown[], outboxCte: string): string {
  const p = (value: unknown): string => placeholder(params, value);
  return `INSERT INTO field_clocks (tenant_id, entity_type, entity_id, origin, field, changed_at)
    SELECT ${p(event.row.tenant)}, ${p(event.entityType)}, ${p(event.entityId)}::uuid,
      ${p(event.origin)}, field,
      COALESCE(${p(event.clockTime)}::timestamptz, (${outboxCte}.payload->>'time')::timestamptz)
    FROM ${outboxCte}, unnest(${p(event.clockFields)}::text[]) AS field
    ON CONFLICT (tenant_id, entity_type, entity_id, origin, field)
      DO UPDATE SET changed_at = GREATEST(field_clocks.changed_at, EXCLUDED.changed_at)`;
}

/** The top-level fields of changed field paths (`address.city` -> `address`), each once. */
export function clockFieldsOf(changedFields: readonly string[]): string[] {
  return [...new Set(changedFields.map((field) => field.split('.')[0] ?? field))];
}
