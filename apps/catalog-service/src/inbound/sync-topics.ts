import {
  CatalogConsumerGroups,
  CatalogRetryTopic,
  connectorRetryTopic,
  isExternalSystem,
} from '@concord/model';

/**
 * The catalog's own retry topic: delayed retries of the applier and dead letters replayed to it.
 * (Connector retries go to `connector.<system>.retry.v1`.)
 */
export const CATALOG_RETRY_TOPIC = CatalogRetryTopic;

/** What the applier consumes from a connector topic. */
export type ConnectorTopicKind = 'inbound' | 'outcome' | 'status';

const CONNECTOR_TOPIC = /^connector\.([a-z][a-z0-9-]{1,30})\.(inbound|outcome|status)\.v1$/;
const DEAD_LETTER_TOPIC = /^dlq\.[a-zA-Z0-9._-]+\.v1$/;

function stripPrefix(prefix: string, topic: string): string | null {
  return topic.startsWith(prefix) ? topic.slice(prefix.length) : null;
}

/** `{ system, kind }` of a (prefixed) connector topic the applier consumes, else null. */
export function connectorTopicOf(
  prefix: string,
  topic: string,
): { system: string; kind: ConnectorTopicKind } | null {
  const name = stripPrefix(prefix, topic);
  const match = name === null ? null : CONNECTOR_TOPIC.exec(name);
  if (!match) return null;
  return { system: match[1], kind: match[2] as ConnectorTopicKind };
}

export function isDeadLetterTopic(prefix: string, topic: string): boolean {
  const name = stripPrefix(prefix, topic);
  return name !== null && DEAD_LETTER_TOPIC.test(name);
}

/**
 * Consumer groups carry the topic prefix too, so test deployments sharing a broker never join one
 * another's groups.
 */
export function catalogConsumerGroups(prefix: string) {
  return {
    inbound: `${prefix}${CatalogConsumerGroups.inbound}`,
    deadLetterCollector: `${prefix}${CatalogConsumerGroups.deadLetterCollector}`,
  };
}

/**
 * The retry topic (unprefixed) of the consumer that dead-lettered a message: a connector's group
 * `connector-<system>` has `connector.<system>.retry.v1`, the applier's group the catalog's own.
 * Null for any other group: there is no consumer to hand its messages back to.
 */
export function retryTopicOfGroup(prefix: string, consumerGroup: string): string | null {
  const group = stripPrefix(prefix, consumerGroup) ?? consumerGroup;
  if (group === CatalogConsumerGroups.inbound) return CATALOG_RETRY_TOPIC;
  const connector = /^connector-(.+)$/.exec(group);
  if (connector && isExternalSystem(connector[1])) {
    return connectorRetryTopic(connector[1]);
  }
  return null;
}
