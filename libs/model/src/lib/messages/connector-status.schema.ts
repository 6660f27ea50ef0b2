import { type Static, Type } from '@sinclair/typebox';

import { envelopeSchema } from '../envelope/envelope.schema';
import { CONNECTOR_STATUS_TYPE } from '../envelope/event-types';
import { ExternalSystem, IsoTimestamp, Uuid } from '../primitives/primitives.schema';
import { closed, described, LiteralUnion, Nullable } from '../primitives/schema-helpers';
import type { SchemaIssue } from '../validation/schema-issues';
import { refine } from '../validation/schema-validation';
import { EncryptedSecret } from './encrypted-secret.schema';
import { MessageSchemaIds } from './message-schema-ids';

export const ConnectorHealths = ['healthy', 'degraded', 'down'] as const;
export const ConnectionStates = ['active', 'paused', 'needs-attention', 'disabled'] as const;

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
