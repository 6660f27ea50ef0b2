import { type Static, Type } from '@sinclair/typebox';

import {
  ContentHash,
  EntityId,
  EntityType,
  ExternalId,
  IsoTimestamp,
} from '../primitives/primitives.schema';
import { closed, described, Nullable } from '../primitives/schema-helpers';
import { MessageSchemaIds } from './message-schema-ids';

export const CursorState = Type.Object(
  {
    kind: Type.Literal('cursor', { description: 'A polling cursor.' }),
    stream: Type.String({ minLength: 1, maxLength: 200, description: 'What is being polled.' }),
    cursor: Type.String({ maxLength: 4096, description: 'Opaque resume point of the poll.' }),
    updatedAt: IsoTimestamp,
  },
  { ...closed, description: 'Where polling of one stream resumes.' },
);
export type CursorState = Static<typeof CursorState>;

export const LinkState = Type.Object(
  {
    kind: Type.Literal('link', { description: 'A record link.' }),
    entityType: EntityType,
    entityId: EntityId,
    externalId: ExternalId,
    contentHash: Nullable(ContentHash, 'Hash of the content last written or read.'),
    updatedAt: IsoTimestamp,
    version: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'The catalog version both sides last agreed on: the changed fields of the next version are all that differs.',
      }),
    ),
    writtenAt: Type.Optional(
      described(
        IsoTimestamp,
        "When the connector last wrote this content to the external system (its own clock). Absent when the content is the system's own (an echo the connector accepted) or unknown: then nothing says Concord's write replaced a later external edit.",
      ),
    ),
    deleted: Type.Optional(
      Type.Boolean({
        description:
          'The external record was deleted (or archived) for this catalog version: a tombstone that keeps older, retried versions stale.',
      }),
    ),
  },
  {
    ...closed,
    description: 'A catalog record and the external record the connector linked it to.',
  },
);
export type LinkState = Static<typeof LinkState>;

export const ConnectorStateRecord = Type.Union([CursorState, LinkState], {
  $id: MessageSchemaIds.connectorState,
  title: 'Connector state record',
  description: 'Compacted connector state: a polling cursor or a record link.',
});
export type ConnectorStateRecord = Static<typeof ConnectorStateRecord>;
