import { type Static, type TSchema, Type } from '@sinclair/typebox';

import {
  EntityVersion,
  IsoTimestamp,
  Origin,
  TenantId,
  Uuid,
} from '../primitives/primitives.schema';
import { closed, described, Nullable } from '../primitives/schema-helpers';

export const CLOUDEVENTS_SPEC_VERSION = '1.0' as const;
export const JSON_CONTENT_TYPE = 'application/json' as const;

export const EventSource = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Producer of the event, e.g. /concord/catalog-service or /concord/connector-stripe.',
});

export const CorrelationId = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Id shared by every event and log line caused by one original change or request.',
});

interface EnvelopeParts<TType extends TSchema, TOrigin extends TSchema, TData extends TSchema> {
  type: TType;
  origin: TOrigin;
  data: TData;
  subject: string;
}

/**
 * A CloudEvents 1.0 style envelope (structured JSON mode) around `data`, with Concord's extension
 * attributes tenant, origin, entityVersion and correlationId.
 */
export function envelopeSchema<
  TType extends TSchema,
  TOrigin extends TSchema,
  TData extends TSchema,
>(
  parts: EnvelopeParts<TType, TOrigin, TData>,
  options: { $id?: string; title?: string; description: string },
) {
  return Type.Object(
    {
      specversion: Type.Literal(CLOUDEVENTS_SPEC_VERSION, { description: 'CloudEvents version.' }),
      id: described(Uuid, 'Unique id of this event; consumers deduplicate by it.'),
      source: EventSource,
      type: parts.type,
      time: described(IsoTimestamp, 'When the event was produced.'),
      subject: Type.String({ minLength: 1, maxLength: 255, description: parts.subject }),
      datacontenttype: Type.Literal(JSON_CONTENT_TYPE, { description: 'Always application/json.' }),
      tenant: described(TenantId, 'Tenant the event belongs to; never crosses tenants.'),
      origin: parts.origin,
      entityVersion: Nullable(EntityVersion, 'Catalog version of the entity, when there is one.'),
      correlationId: CorrelationId,
      data: parts.data,
    },
    { ...closed, ...options },
  );
}

/** Any Concord envelope, data unchecked: for transport code that reads only the attributes. */
export const AnyEnvelope = envelopeSchema(
  {
    type: Type.String({ minLength: 1, maxLength: 200, description: 'Event type.' }),
    origin: Origin,
    data: Type.Unknown({ description: 'Event payload.' }),
    subject: 'What the event is about (entity id, external id or connection id).',
  },
  { description: 'A Concord event envelope with any payload.' },
);
export type AnyEnvelope = Static<typeof AnyEnvelope>;

/** The static shape of an envelope around `TData`. */
export interface Envelope<TData, TType extends string = string, TOrigin extends string = Origin> {
  specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  id: string;
  source: string;
  type: TType;
  time: string;
  subject: string;
  datacontenttype: typeof JSON_CONTENT_TYPE;
  tenant: TenantId;
  origin: TOrigin;
  entityVersion: number | null;
  correlationId: string;
  data: TData;
}
