import { type Static, Type } from '@sinclair/typebox';

import { envelopeSchema } from '../envelope/envelope.schema';
import { SyncOutcomeStatuses, syncOutcomeType, SyncOutcomeTypes } from '../envelope/event-types';
import {
  ContentHash,
  EntityId,
  EntityType,
  EntityVersion,
  ExternalId,
  ExternalSystem,
  IsoTimestamp,
  Uuid,
} from '../primitives/primitives.schema';
import { closed, described, LiteralUnion, Nullable } from '../primitives/schema-helpers';
import type { SchemaIssue } from '../validation/schema-issues';
import { refine } from '../validation/schema-validation';
import { ErrorSummary } from './error-summary.schema';
import { MessageSchemaIds } from './message-schema-ids';

export const SyncOutcomeData = Type.Object(
  {
    system: ExternalSystem,
    connectionId: Uuid,
    entityType: EntityType,
    entityId: EntityId,
    eventId: described(Uuid, 'Id of the catalog event this outcome answers.'),
    entityVersion: described(EntityVersion, 'Version of the entity that was written.'),
    status: LiteralUnion(SyncOutcomeStatuses, {
      description:
        'synced: written; skipped: nothing to do (echo or unchanged); failed: see error.',
    }),
    externalId: Nullable(ExternalId, 'Id of the record in the external system.'),
    externalVersion: Nullable(
      Type.String({ minLength: 1, maxLength: 255 }),
      'Version/etag/modstamp of the external record after the write.',
    ),
    contentHash: Nullable(ContentHash, 'Hash of the content now in the external system.'),
    error: Nullable(ErrorSummary, 'Why it failed; null unless status is failed.'),
    attempt: Type.Integer({ minimum: 1, description: 'Delivery attempt, starting at 1.' }),
    occurredAt: described(IsoTimestamp, 'When the write finished or failed.'),
  },
  { ...closed, description: 'The outcome of one outbound write.' },
);
export type SyncOutcomeData = Static<typeof SyncOutcomeData>;

export const SyncOutcome = refine(
  envelopeSchema(
    {
      type: LiteralUnion(SyncOutcomeTypes, {
        description: 'concord.connector.outcome.<entity>.synced|skipped|failed',
      }),
      origin: described(ExternalSystem, 'The connector system (= data.system).'),
      subject: 'Catalog id of the entity (= data.entityId).',
      data: SyncOutcomeData,
    },
    {
      $id: MessageSchemaIds.syncOutcome,
      title: 'Sync outcome',
      description: 'Result of writing one catalog event to an external system.',
    },
  ),
  (outcome): SchemaIssue[] => {
    const { data } = outcome;
    const issues: SchemaIssue[] = [];
    const expectedType = syncOutcomeType(data.entityType, data.status);
    if (outcome.type !== expectedType)
      issues.push({ path: 'type', message: `Expected ${expectedType}` });
    if (outcome.origin !== data.system)
      issues.push({ path: 'origin', message: 'Expected data.system' });
    if (outcome.subject !== data.entityId) {
      issues.push({ path: 'subject', message: 'Expected data.entityId' });
    }
    if (outcome.entityVersion !== data.entityVersion) {
      issues.push({ path: 'entityVersion', message: 'Expected data.entityVersion' });
    }
    if ((data.status === 'failed') !== (data.error !== null)) {
      issues.push({ path: 'data.error', message: 'Required exactly when status is failed' });
    }
    if (data.status === 'synced' && data.externalId === null) {
      issues.push({ path: 'data.externalId', message: 'A synced record has an external id' });
    }
    return issues;
  },
);
export type SyncOutcome = Static<typeof SyncOutcome>;
