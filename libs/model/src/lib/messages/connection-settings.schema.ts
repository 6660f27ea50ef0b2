import { type Static, Type } from '@sinclair/typebox';

import {
  EntityType,
  EntityVersion,
  ExternalSystem,
  IsoTimestamp,
  Origin,
  TenantId,
  Uuid,
} from '../primitives/primitives.schema';
import { closed, described, LiteralUnion, Nullable } from '../primitives/schema-helpers';
import { EncryptedSecret } from './encrypted-secret.schema';
import { MessageSchemaIds } from './message-schema-ids';

export const SyncDirections = ['both', 'inbound', 'outbound'] as const;
export const SyncDirection = LiteralUnion(SyncDirections, {
  description: 'inbound: external -> catalog; outbound: catalog -> external.',
});
export type SyncDirection = Static<typeof SyncDirection>;

export const ConflictStrategies = ['last-writer-wins', 'catalog-wins', 'external-wins'] as const;

const FieldName = Type.String({ minLength: 1, maxLength: 200 });

export const FieldMapping = Type.Object(
  {
    entityType: EntityType,
    canonicalField: described(FieldName, 'Canonical field, or "metadata.<key>" for custom ones.'),
    externalField: described(FieldName, 'Field in the external system, e.g. a custom field.'),
    direction: Type.Optional(SyncDirection),
  },
  { ...closed, description: 'Maps a canonical field to an external field.' },
);
export type FieldMapping = Static<typeof FieldMapping>;

const MatchingKeyList = Type.Array(FieldName, {
  maxItems: 10,
  uniqueItems: true,
  description: 'Canonical fields tried in order to match an existing external record.',
});

export const ConnectionSettings = Type.Object(
  {
    tenant: TenantId,
    system: ExternalSystem,
    connectionId: Uuid,
    enabled: Type.Boolean({ description: 'Whether the connector syncs this connection at all.' }),
    paused: Type.Boolean({ description: 'Temporarily stopped (operator or automatic guard).' }),
    pausedReason: Nullable(Type.String({ maxLength: 1000 }), 'Why it is paused, for the operator.'),
    direction: SyncDirection,
    entityTypes: Type.Array(EntityType, { uniqueItems: true, description: 'What syncs.' }),
    fieldMappings: Type.Array(FieldMapping, {
      maxItems: 500,
      description: 'Custom field mappings on top of the connector defaults.',
    }),
    matchingKeys: Type.Object(
      {
        customer: Type.Optional(MatchingKeyList),
        product: Type.Optional(MatchingKeyList),
        invoice: Type.Optional(MatchingKeyList),
      },
      { ...closed, description: 'Fields that match existing records on backfill, e.g. email.' },
    ),
    conflictPolicy: Type.Object(
      {
        default: LiteralUnion(ConflictStrategies, {
          description: 'Who wins when both sides changed the same record.',
        }),
        fieldOwners: Type.Array(
          Type.Object(
            {
              entityType: EntityType,
              field: described(FieldName, 'Canonical field owned.'),
              owner: Origin,
            },
            { ...closed, description: 'This side always wins this field.' },
          ),
          { maxItems: 500, description: 'Per-field overrides of the default.' },
        ),
      },
      { ...closed, description: 'How conflicting changes are resolved.' },
    ),
    credentials: Nullable(EncryptedSecret, 'Provider credentials (JSON), encrypted.'),
    settings: Type.Record(
      Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$' }),
      Type.Union([Type.String({ maxLength: 2048 }), Type.Number(), Type.Boolean()]),
      {
        additionalProperties: false,
        maxProperties: 100,
        description: 'Connector options, e.g. baseUrl, pollIntervalMs.',
      },
    ),
    version: described(EntityVersion, 'Grows by one with every change of the settings.'),
    updatedAt: IsoTimestamp,
  },
  {
    ...closed,
    $id: MessageSchemaIds.connectionSettings,
    title: 'Connection settings',
    description:
      'Settings of one connection (tenant + system). Compacted topic; a null value deletes it.',
  },
);
export type ConnectionSettings = Static<typeof ConnectionSettings>;
