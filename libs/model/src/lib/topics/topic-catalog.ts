import {
  CatalogEventSchemaIds,
  type MessageSchemaId,
  MessageSchemaIds,
} from '../messages/message-schema-ids';
import { type EntityType, EntityTypes } from '../primitives/primitives.schema';
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
  withTopicPrefix,
} from './topic-names';

export type TopicKind =
  'catalog' | 'inbound' | 'outcome' | 'status' | 'state' | 'retry' | 'connections' | 'dead-letter';

export interface TopicDescriptor {
  name: string;
  kind: TopicKind;
  /** How the message key is built, e.g. "{tenant}:{entityId}". */
  key: string;
  /** Log-compacted: only the latest value per key is kept; null values are tombstones. */
  compacted: boolean;
  partitions: number;
  /** `$id` of the schema every value (for dead letters: every header set) validates against. */
  schemaId: MessageSchemaId;
  /** Other messages the topic carries, told apart by their `type` (a connector's requests). */
  alsoCarries?: readonly MessageSchemaId[];
  description: string;
  system?: string;
  entityType?: EntityType;
}

export interface TopicCatalogOptions {
  /** Consumer groups whose dead-letter topics to list (they exist per group, not per system). */
  consumerGroups?: readonly string[];
}

function catalogTopic(entityType: EntityType): TopicDescriptor {
  return {
    name: CatalogTopics[entityType],
    kind: 'catalog',
    key: '{tenant}:{entityId}',
    compacted: false,
    partitions: 12,
    schemaId: CatalogEventSchemaIds[entityType],
    description: `Every committed ${entityType} change, with the record after it and its origin.`,
    entityType,
  };
}

function connectorTopics(system: string): TopicDescriptor[] {
  return [
    {
      name: connectorInboundTopic(system),
      kind: 'inbound',
      key: '{tenant}:{externalId}',
      compacted: false,
      partitions: 6,
      schemaId: MessageSchemaIds.inboundChange,
      description: `Changes observed in ${system}, in canonical shape, for catalog-service to apply.`,
      system,
    },
    {
      name: connectorOutcomeTopic(system),
      kind: 'outcome',
      key: '{tenant}:{entityId}',
      compacted: false,
      partitions: 6,
      schemaId: MessageSchemaIds.syncOutcome,
      description: `Result of each write to ${system}: external id and version, or a classified failure.`,
      system,
    },
    {
      name: connectorStatusTopic(system),
      kind: 'status',
      key: '{tenant}:{connectionId}',
      compacted: false,
      partitions: 3,
      schemaId: MessageSchemaIds.connectorStatus,
      alsoCarries: [MessageSchemaIds.connectionsRequest],
      description: `Health, pause state, rate budget and webhook endpoint of ${system} connections; also the connector's requests for its connections (key: the system).`,
      system,
    },
    {
      name: connectorStateTopic(system),
      kind: 'state',
      key: '{tenant}:{connectionId}:{stream}',
      compacted: true,
      partitions: 3,
      schemaId: MessageSchemaIds.connectorState,
      description: `Polling cursors and record links of the ${system} connector.`,
      system,
    },
    {
      name: connectorRetryTopic(system),
      kind: 'retry',
      key: 'as the source message ({tenant}:{entityId})',
      compacted: false,
      partitions: 6,
      schemaId: MessageSchemaIds.connectorRetry,
      description: `Catalog events replayed or retried for the ${system} connector only.`,
      system,
    },
  ];
}

function deadLetterTopicDescriptor(consumerGroup: string): TopicDescriptor {
  return {
    name: deadLetterTopic(consumerGroup),
    kind: 'dead-letter',
    key: 'as the source message',
    compacted: false,
    partitions: 3,
    schemaId: MessageSchemaIds.deadLetter,
    description: `Messages consumer group ${consumerGroup} failed permanently, with error headers.`,
  };
}

/** Every topic of a deployment with the given connector systems (unprefixed names). */
export function topicCatalog(
  systems: readonly string[],
  options: TopicCatalogOptions = {},
): TopicDescriptor[] {
  return [
    ...EntityTypes.map(catalogTopic),
    {
      name: CatalogRetryTopic,
      kind: 'retry',
      key: 'as the source message',
      compacted: false,
      partitions: 6,
      schemaId: MessageSchemaIds.catalogRetry,
      description: "Connector messages retried or replayed for catalog-service's applier only.",
    },
    ...[...new Set(systems)].flatMap(connectorTopics),
    {
      name: ConnectionsTopic,
      kind: 'connections',
      key: '{tenant}:{system}',
      compacted: true,
      partitions: 3,
      schemaId: MessageSchemaIds.connectionSettings,
      description: 'Connection settings per tenant and system; credentials encrypted.',
    },
    ...[...new Set(options.consumerGroups ?? [])].map(deadLetterTopicDescriptor),
  ];
}

/**
 * The catalog's descriptor of one unprefixed topic name (a connector's topics and a consumer
 * group's dead-letter topic included), or undefined when the catalog has no such topic.
 */
export function describeTopic(name: string): TopicDescriptor | undefined {
  const system = /^connector\.([^.]+)\./.exec(name)?.[1];
  const group = /^dlq\.(.+)\.v1$/.exec(name)?.[1];
  return topicCatalog(system ? [system] : [], { consumerGroups: group ? [group] : [] }).find(
    (topic) => topic.name === name,
  );
}

/** A topic as an app creates it: the deployment's name, and the catalog's partitions and policy. */
export interface TopicDeclaration {
  name: string;
  partitions: number;
  config?: Record<string, string>;
}

/** The only way apps declare topics: from the catalog, with the deployment's prefix. */
export function topicDeclarationOf(descriptor: TopicDescriptor, prefix: string): TopicDeclaration {
  return {
    name: withTopicPrefix(prefix, descriptor.name),
    partitions: descriptor.partitions,
    ...(descriptor.compacted ? { config: { 'cleanup.policy': 'compact' } } : {}),
  };
}
