import { ValidationError, ValidationErrorCode } from '@concord/errors';

import { type EntityType, isExternalSystem } from '../primitives/primitives.schema';

/** Every topic name Concord uses is built here; nothing else spells one out. */
export const CatalogTopics = {
  customer: 'catalog.customer.v1',
  product: 'catalog.product.v1',
  invoice: 'catalog.invoice.v1',
} as const satisfies Record<EntityType, string>;

/** catalog-service's own retry topic: applier retries and dead letters replayed to it. */
export const CatalogRetryTopic = 'catalog.retry.v1';

/** Compacted: the latest settings per tenant and system; a deleted connection is a tombstone. */
export const ConnectionsTopic = 'integration.connections.v1';

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const CONSUMER_GROUP = /^[a-zA-Z0-9._-]{1,200}$/;

function invalidName(field: string, message: string): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_INPUT, message, [{ field, message }]);
}

/** Refuses a system name that is not a valid ExternalSystem (it becomes part of topic names). */
export function assertExternalSystem(system: string): void {
  if (!isExternalSystem(system)) {
    throw invalidName('system', `"${system}" is not a valid external system name`);
  }
}

export function connectorInboundTopic(system: string): string {
  assertExternalSystem(system);
  return `connector.${system}.inbound.v1`;
}

export function connectorOutcomeTopic(system: string): string {
  assertExternalSystem(system);
  return `connector.${system}.outcome.v1`;
}

export function connectorStatusTopic(system: string): string {
  assertExternalSystem(system);
  return `connector.${system}.status.v1`;
}

/** Compacted: polling cursors and created links, like Kafka Connect's offsets topic. */
export function connectorStateTopic(system: string): string {
  assertExternalSystem(system);
  return `connector.${system}.state.v1`;
}

/** Replays and delayed retries addressed to one connector only. */
export function connectorRetryTopic(system: string): string {
  assertExternalSystem(system);
  return `connector.${system}.retry.v1`;
}

export function deadLetterTopic(consumerGroup: string): string {
  if (!CONSUMER_GROUP.test(consumerGroup)) {
    throw invalidName('consumerGroup', `"${consumerGroup}" cannot be part of a topic name`);
  }
  return `dlq.${consumerGroup}.v1`;
}

/**
 * Prefixes a topic name (e.g. "t1a2b." + name). Tests use a random prefix so their topics never
 * meet anyone else's; production uses none.
 */
export function withTopicPrefix(prefix: string, name: string): string {
  const topic = `${prefix}${name}`;
  if (!LEGAL_TOPIC.test(topic)) {
    throw invalidName('prefix', `"${topic}" is not a legal Kafka topic name`);
  }
  return topic;
}
