import { NotFoundError } from '@concord/errors';
import type { TSchema } from '@sinclair/typebox';

import {
  CatalogCustomerEvent,
  CatalogInvoiceEvent,
  CatalogProductEvent,
} from '../messages/catalog-event.schema';
import { CatalogRetry } from '../messages/catalog-retry.schema';
import { ConnectionSettings } from '../messages/connection-settings.schema';
import { ConnectionsRequest } from '../messages/connections-request.schema';
import { ConnectorRetry } from '../messages/connector-retry.schema';
import { ConnectorStateRecord } from '../messages/connector-state.schema';
import { ConnectorStatus } from '../messages/connector-status.schema';
import { DeadLetter } from '../messages/dead-letter.schema';
import { InboundChange } from '../messages/inbound-change.schema';
import { type MessageSchemaId, MessageSchemaIds } from '../messages/message-schema-ids';
import { SyncOutcome } from '../messages/sync-outcome.schema';
import {
  CatalogRetryTopic,
  CatalogTopics,
  ConnectionsTopic,
  connectorInboundTopic,
  connectorOutcomeTopic,
  connectorRetryTopic,
  connectorStateTopic,
  connectorStatusTopic,
  deadLetterTopic,
} from '../topics/topic-names';
import { validate, type ValidationResult } from '../validation/schema-validation';

export interface MessageSchemaEntry {
  id: MessageSchemaId;
  schema: TSchema;
  /** What the schema describes: the message value, or (dead letters) the message headers. */
  payload: 'value' | 'headers';
  /** The unprefixed topics carrying this message, for the given systems and consumer groups. */
  topics: (systems: readonly string[], consumerGroups?: readonly string[]) => string[];
}

const perSystem =
  (topic: (system: string) => string) =>
  (systems: readonly string[]): string[] =>
    [...new Set(systems)].map(topic);

/** Every message Concord publishes, with its schema and where it travels. */
export const messageSchemas: readonly MessageSchemaEntry[] = Object.freeze([
  {
    id: MessageSchemaIds.catalogCustomerEvent,
    schema: CatalogCustomerEvent,
    payload: 'value',
    topics: () => [CatalogTopics.customer],
  },
  {
    id: MessageSchemaIds.catalogProductEvent,
    schema: CatalogProductEvent,
    payload: 'value',
    topics: () => [CatalogTopics.product],
  },
  {
    id: MessageSchemaIds.catalogInvoiceEvent,
    schema: CatalogInvoiceEvent,
    payload: 'value',
    topics: () => [CatalogTopics.invoice],
  },
  {
    id: MessageSchemaIds.inboundChange,
    schema: InboundChange,
    payload: 'value',
    topics: perSystem(connectorInboundTopic),
  },
  {
    id: MessageSchemaIds.syncOutcome,
    schema: SyncOutcome,
    payload: 'value',
    topics: perSystem(connectorOutcomeTopic),
  },
  {
    id: MessageSchemaIds.connectorStatus,
    schema: ConnectorStatus,
    payload: 'value',
    topics: perSystem(connectorStatusTopic),
  },
  {
    id: MessageSchemaIds.connectionsRequest,
    schema: ConnectionsRequest,
    payload: 'value',
    topics: perSystem(connectorStatusTopic),
  },
  {
    id: MessageSchemaIds.connectorState,
    schema: ConnectorStateRecord,
    payload: 'value',
    topics: perSystem(connectorStateTopic),
  },
  {
    id: MessageSchemaIds.connectorRetry,
    schema: ConnectorRetry,
    payload: 'value',
    topics: perSystem(connectorRetryTopic),
  },
  {
    id: MessageSchemaIds.catalogRetry,
    schema: CatalogRetry,
    payload: 'value',
    topics: () => [CatalogRetryTopic],
  },
  {
    id: MessageSchemaIds.connectionSettings,
    schema: ConnectionSettings,
    payload: 'value',
    topics: () => [ConnectionsTopic],
  },
  {
    id: MessageSchemaIds.deadLetter,
    schema: DeadLetter,
    payload: 'headers',
    topics: (_systems, consumerGroups = []) => [...new Set(consumerGroups)].map(deadLetterTopic),
  },
]);

const byId = new Map<string, MessageSchemaEntry>(messageSchemas.map((entry) => [entry.id, entry]));

export function messageSchema(schemaId: string): MessageSchemaEntry {
  const entry = byId.get(schemaId);
  if (!entry) {
    throw new NotFoundError('MESSAGE_SCHEMA_NOT_FOUND', `No message schema "${schemaId}"`);
  }
  return entry;
}

/** The static type of each registered message, by schema id. */
export interface MessageById {
  'concord.catalog.customer.v1': CatalogCustomerEvent;
  'concord.catalog.product.v1': CatalogProductEvent;
  'concord.catalog.invoice.v1': CatalogInvoiceEvent;
  'concord.connector.inbound.v1': InboundChange;
  'concord.connector.outcome.v1': SyncOutcome;
  'concord.connector.status.v1': ConnectorStatus;
  'concord.connector.connections-request.v1': ConnectionsRequest;
  'concord.connector.state.v1': ConnectorStateRecord;
  'concord.connector.retry.v1': ConnectorRetry;
  'concord.catalog.retry.v1': CatalogRetry;
  'concord.integration.connections.v1': ConnectionSettings;
  'concord.deadletter.v1': DeadLetter;
}

/** Validates a message against the registered schema `schemaId` (and its refinements). */
export function validateMessage<I extends MessageSchemaId>(
  schemaId: I,
  value: unknown,
): ValidationResult<MessageById[I]>;
export function validateMessage(schemaId: string, value: unknown): ValidationResult<unknown>;
export function validateMessage(schemaId: string, value: unknown): ValidationResult<unknown> {
  return validate(messageSchema(schemaId).schema, value);
}
