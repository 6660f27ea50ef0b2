import { randomUUID } from 'node:crypto';

import type { Origin, TenantId } from '../primitives/primitives.schema';
import { CLOUDEVENTS_SPEC_VERSION, type Envelope, JSON_CONTENT_TYPE } from './envelope.schema';

export interface EnvelopeInput<TData, TType extends string, TOrigin extends string> {
  source: string;
  type: TType;
  subject: string;
  tenant: TenantId;
  origin: TOrigin;
  data: TData;
  entityVersion?: number | null;
  /** Defaults to the new event's id: an event nobody caused starts its own chain. */
  correlationId?: string;
  /** Given when the id must be stable, e.g. an outbox row id that becomes the event id. */
  id?: string;
  time?: string | Date;
}

/** Wraps data in an envelope, filling specversion, datacontenttype, id and time. */
export function createEnvelope<TData, TType extends string, TOrigin extends string = Origin>(
  input: EnvelopeInput<TData, TType, TOrigin>,
): Envelope<TData, TType, TOrigin> {
  const id = input.id ?? randomUUID();
  const time =
    input.time instanceof Date
      ? input.time.toISOString()
      : (input.time ?? new Date().toISOString());
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id,
    source: input.source,
    type: input.type,
    time,
    subject: input.subject,
    datacontenttype: JSON_CONTENT_TYPE,
    tenant: input.tenant,
    origin: input.origin,
    entityVersion: input.entityVersion ?? null,
    correlationId: input.correlationId ?? id,
    data: input.data,
  };
}
