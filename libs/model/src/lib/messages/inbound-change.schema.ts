import { type Static, type TSchema, Type } from '@sinclair/typebox';

import { envelopeSchema } from '../envelope/envelope.schema';
import { inboundChangeType, InboundChangeTypes, InboundOperations } from '../envelope/event-types';
import {
  type EntityType,
  ExternalId,
  ExternalSystem,
  IsoTimestamp,
  Uuid,
} from '../primitives/primitives.schema';
import { closed, described, LiteralUnion, Nullable } from '../primitives/schema-helpers';
import type { SchemaIssue } from '../validation/schema-issues';
import { refine } from '../validation/schema-validation';
import {
  InboundCustomerContent,
  InboundInvoiceContent,
  InboundProductContent,
} from './inbound-content.schema';
import { MessageSchemaIds } from './message-schema-ids';

export const InboundReasons = ['webhook', 'stream', 'poll', 'reconciliation', 'backfill'] as const;

function inboundChangeData<E extends EntityType, C extends TSchema>(entityType: E, content: C) {
  return Type.Object(
    {
      system: described(ExternalSystem, 'System the change was observed in.'),
      connectionId: described(Uuid, 'Connection (tenant + system) that observed it.'),
      entityType: Type.Literal(entityType, { description: 'Kind of record that changed.' }),
      externalId: ExternalId,
      catalogId: Type.Optional(
        described(
          Uuid,
          "The catalog id the external record carries, where Concord wrote it into the record (Salesforce `Concord_Id__c`, Stripe `metadata.concord_id`). The catalog applies the change to that record when no identity link names the external record yet (a listing or an event read before the outcome of Concord's own create was applied), so it is never taken for a new record.",
        ),
      ),
      operation: LiteralUnion(InboundOperations, {
        description: 'upsert: created or changed externally; delete: removed externally.',
      }),
      sourceEventId: Type.String({
        minLength: 1,
        maxLength: 255,
        description: "The provider's event id, or one derived from id and version; dedup key.",
      }),
      changedAt: described(IsoTimestamp, 'When the source changed; for last-writer-wins.'),
      externalVersion: Nullable(
        Type.String({ minLength: 1, maxLength: 255 }),
        'Version/etag/modstamp of the external record.',
      ),
      content: Nullable(content, 'Reported fields for an upsert; null for a delete.'),
      previous: Type.Optional(
        described(
          content,
          "The values the change's fields had before it, as the source reported them. Set only when Concord's own write overwrote this change in the source meanwhile: the catalog then resolves the change against this base (a conflict), not against what Concord wrote.",
        ),
      ),
      reported: Type.Optional(
        Type.Object(
          {
            content: described(content, "The record as the source's event carried it."),
            previous: described(content, "The values the event's changed fields had before it."),
          },
          {
            ...closed,
            description:
              "The change as the source's event reported it, beside `content` read afresh (set whenever `previous` is not). The catalog resolves a field against the event's base `previous` (a conflict) when both sides wrote it at once: the record as read holds the catalog's value, which came from another origin, and the event changed it away from its base (Concord's write replaced the change, and the connector could not tell); or the change was made on a base older than what Concord wrote, within seconds of the catalog's edit of the field.",
          },
        ),
      ),
      reason: Type.Optional(LiteralUnion(InboundReasons, { description: 'How it was observed.' })),
    },
    { ...closed, description: `An observed change to a ${entityType}.` },
  );
}

export const InboundCustomerChangeData = inboundChangeData('customer', InboundCustomerContent);
export const InboundProductChangeData = inboundChangeData('product', InboundProductContent);
export const InboundInvoiceChangeData = inboundChangeData('invoice', InboundInvoiceContent);
export type InboundCustomerChangeData = Static<typeof InboundCustomerChangeData>;
export type InboundProductChangeData = Static<typeof InboundProductChangeData>;
export type InboundInvoiceChangeData = Static<typeof InboundInvoiceChangeData>;
export type InboundChangeData =
  InboundCustomerChangeData | InboundProductChangeData | InboundInvoiceChangeData;

export const InboundChange = refine(
  envelopeSchema(
    {
      type: LiteralUnion(InboundChangeTypes, {
        description: 'concord.connector.inbound.<entity>.upserted|deleted',
      }),
      origin: described(ExternalSystem, 'The system the change came from (= data.system).'),
      subject: 'External id of the record (= data.externalId).',
      data: Type.Union(
        [InboundCustomerChangeData, InboundProductChangeData, InboundInvoiceChangeData],
        { description: 'The observed change; content depends on entityType.' },
      ),
    },
    {
      $id: MessageSchemaIds.inboundChange,
      title: 'Inbound change',
      description: 'A change observed in an external system, mapped to canonical shape.',
    },
  ),
  (change): SchemaIssue[] => {
    const { data } = change;
    const issues: SchemaIssue[] = [];
    const expectedType = inboundChangeType(data.entityType, data.operation);
    if (change.type !== expectedType)
      issues.push({ path: 'type', message: `Expected ${expectedType}` });
    if (change.origin !== data.system)
      issues.push({ path: 'origin', message: 'Expected data.system' });
    if (change.subject !== data.externalId) {
      issues.push({ path: 'subject', message: 'Expected data.externalId' });
    }
    if (data.operation === 'upsert' && data.content === null) {
      issues.push({ path: 'data.content', message: 'An upsert carries content' });
    }
    if (data.operation === 'delete' && data.content !== null) {
      issues.push({ path: 'data.content', message: 'A delete carries no content' });
    }
    return issues;
  },
);
export type InboundChange = Static<typeof InboundChange>;
