import {
  CatalogTopics,
  ConnectionsTopic,
  connectorConsumerGroup,
  connectorInboundTopic,
  connectorOutcomeTopic,
  connectorRetryTopic,
  connectorStateTopic,
  connectorStatusTopic,
  deadLetterTopic,
  type EntityType,
  EntityTypes,
  topicCatalog,
  withTopicPrefix,
} from '@concord/model';

/** The (prefixed) topic names one connector reads and writes. */
export interface KitTopics {
  /** `catalog.<entity>.v1`: what the outbound consumer reads. */
  catalog: Record<EntityType, string>;
  /** `integration.connections.v1` (compacted): connection settings. */
  connections: string;
  /** `connector.<system>.inbound.v1`: observed external changes. */
  inbound: string;
  /** `connector.<system>.outcome.v1`: results of outbound writes. */
  outcome: string;
  /** `connector.<system>.status.v1`: connection health and state. */
  status: string;
  /** `connector.<system>.state.v1` (compacted): links and cursors. */
  state: string;
  /** `connector.<system>.retry.v1`: delayed retries, parked messages, snapshots, replays. */
  retry: string;
  /** `dlq.connector-<system>.v1`: what failed for good. */
  deadLetter: string;
  /** The (prefixed) consumer group of every replica. */
  consumerGroup: string;
}

/** `connector-<system>`, prefixed like the topics so test deployments never share a group. */
export function prefixedConsumerGroup(system: string, prefix: string): string {
  return `${prefix}${connectorConsumerGroup(system)}`;
}

export function kitTopics(system: string, prefix: string): KitTopics {
  const name = (topic: string): string => withTopicPrefix(prefix, topic);
  return {
    catalog: Object.fromEntries(
      EntityTypes.map((type) => [type, name(CatalogTopics[type])]),
    ) as Record<EntityType, string>,
    connections: name(ConnectionsTopic),
    inbound: name(connectorInboundTopic(system)),
    outcome: name(connectorOutcomeTopic(system)),
    status: name(connectorStatusTopic(system)),
    state: name(connectorStateTopic(system)),
    retry: name(connectorRetryTopic(system)),
    deadLetter: name(deadLetterTopic(connectorConsumerGroup(system))),
    consumerGroup: prefixedConsumerGroup(system, prefix),
  };
}

/** Every topic the connector needs, with partitions and compaction as the model describes them. */
export function kitTopicSpecs(
  system: string,
  prefix: string,
): Array<{ name: string; partitions: number; config?: Record<string, string> }> {
  const group = connectorConsumerGroup(system);
  return topicCatalog([system], { consumerGroups: [group] }).map((topic) => ({
    name: withTopicPrefix(prefix, topic.name),
    partitions: topic.partitions,
    ...(topic.compacted ? { config: { 'cleanup.policy': 'compact' } } : {}),
  }));
}
