import { type Static, Type } from '@sinclair/typebox';

import { envelopeSchema } from '../envelope/envelope.schema';
import { CONNECTOR_STATUS_TYPE } from '../envelope/event-types';
import { EntityType, ExternalSystem, IsoTimestamp, Uuid } from '../primitives/primitives.schema';
import { closed, described, LiteralUnion, Nullable } from '../primitives/schema-helpers';
import type { SchemaIssue } from '../validation/schema-issues';
import { refine } from '../validation/schema-validation';
import { EncryptedSecret } from './encrypted-secret.schema';
import { MessageSchemaIds } from './message-schema-ids';

export const ConnectorHealths = ['healthy', 'degraded', 'down'] as const;
export const ConnectionStates = ['active', 'paused', 'needs-attention', 'disabled'] as const;

export const ConnectionTestOutcomes = ['succeeded', 'failed'] as const;

/** The answer to an operator's "test the connection" (requested through the connection settings). */
export const ConnectionTestResult = Type.Object(
  {
    requestId: described(
      Uuid,
      'The test catalog-service asked for (settings.requestedConnectionTest).',
    ),
    outcome: LiteralUnion(ConnectionTestOutcomes, {
      description: 'succeeded: an authenticated call with the stored credentials worked.',
    }),
    message: Nullable(
      Type.String({ maxLength: 1000 }),
      "Why it failed, in the provider's own words (never a secret).",
    ),
    errorCode: Nullable(Type.String({ maxLength: 200 }), 'Concord error code of the failure.'),
    testedAt: described(IsoTimestamp, 'When the connector made the call.'),
  },
  { ...closed, description: 'The result of one connection test.' },
);
export type ConnectionTestResult = Static<typeof ConnectionTestResult>;

export const InboundRunKinds = ['backfill', 'reconciliation'] as const;
export const InboundRunStates = ['running', 'done', 'failed'] as const;

/** Progress of the connector's listing of every external record (import side). */
export const InboundRun = Type.Object(
  {
    kind: LiteralUnion(InboundRunKinds, {
      description: 'backfill: the first import after enabling; reconciliation: a later comparison.',
    }),
    state: LiteralUnion(InboundRunStates, { description: 'Where the run stands.' }),
    seen: Type.Integer({ minimum: 0, description: 'External records listed so far.' }),
    published: Type.Integer({
      minimum: 0,
      description: 'Records that differed from what both sides agreed on, sent to the catalog.',
    }),
    entityType: Nullable(EntityType, 'The type being listed now (null when not running).'),
    startedAt: described(IsoTimestamp, 'When the run started.'),
    finishedAt: Nullable(IsoTimestamp, 'When it ended (null while running).'),
  },
  { ...closed, description: 'The latest listing run of one connection.' },
);
export type InboundRun = Static<typeof InboundRun>;

export const ConnectorStatusData = Type.Object(
  {
    system: ExternalSystem,
    connectionId: Uuid,
    health: LiteralUnion(ConnectorHealths, { description: 'Can the connector reach the system?' }),
    state: LiteralUnion(ConnectionStates, {
      description: 'needs-attention: an operator must act (e.g. credentials revoked).',
    }),
    reason: Nullable(Type.String({ maxLength: 1000 }), 'Why the state or health is not normal.'),
    budget: Nullable(
      Type.Object(
        {
          used: Type.Integer({ minimum: 0, description: 'Calls made in the current window.' }),
          limit: Type.Integer({ minimum: 0, description: 'Calls allowed per window.' }),
          windowMs: Type.Integer({ minimum: 1, description: 'Window length in milliseconds.' }),
        },
        closed,
      ),
      'Shared rate budget (all replicas) in the current window.',
    ),
    apiAllocation: Nullable(
      Type.Object(
        {
          used: Type.Integer({ minimum: 0, description: 'Requests used so far.' }),
          limit: Type.Integer({ minimum: 0, description: 'Requests allowed.' }),
        },
        closed,
      ),
      "The provider's own quota, e.g. Salesforce daily API requests.",
    ),
    webhook: Nullable(
      Type.Object(
        {
          url: Type.String({
            pattern: '^https?://',
            maxLength: 2048,
            description: 'URL the provider delivers webhooks to.',
          }),
          secret: Nullable(EncryptedSecret, 'Webhook signing secret, encrypted.'),
        },
        closed,
      ),
      'Webhook endpoint registered with the provider.',
    ),
    rotatedCredentials: Nullable(EncryptedSecret, 'New credentials after a refresh, encrypted.'),
    observedAt: described(IsoTimestamp, 'When this status was observed.'),
    connectionTest: Type.Optional(ConnectionTestResult),
    inboundRun: Type.Optional(InboundRun),
  },
  { ...closed, description: 'The status of one connection.' },
);
export type ConnectorStatusData = Static<typeof ConnectorStatusData>;

export const ConnectorStatus = refine(
  envelopeSchema(
    {
      type: Type.Literal(CONNECTOR_STATUS_TYPE, {
        description: `Always ${CONNECTOR_STATUS_TYPE}.`,
      }),
      origin: described(ExternalSystem, 'The connector system (= data.system).'),
      subject: 'Connection id (= data.connectionId).',
      data: ConnectorStatusData,
    },
    {
      $id: MessageSchemaIds.connectorStatus,
      title: 'Connector status',
      description: 'Health, state, budgets and webhook endpoint of one connection.',
    },
  ),
  (status): SchemaIssue[] => {
    const issues: SchemaIssue[] = [];
    if (status.origin !== status.data.system) {
      issues.push({ path: 'origin', message: 'Expected data.system' });
    }
    if (status.subject !== status.data.connectionId) {
      issues.push({ path: 'subject', message: 'Expected data.connectionId' });
    }
    return issues;
  },
);
export type ConnectorStatus = Static<typeof ConnectorStatus>;
