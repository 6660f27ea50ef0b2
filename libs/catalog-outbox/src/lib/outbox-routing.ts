import type { TopicSpec } from '@concord/kafka';
import {
  topicCatalog,
  topicDeclarationOf,
  type TopicDescriptor,
  withTopicPrefix,
} from '@concord/model';

/** The aggregate type of connection settings: routed to the compacted connections topic. */
export const CONNECTION_AGGREGATE = 'connection';

/** Where an outbox row goes: the (prefixed) topic, and whether a JSON null is a tombstone. */
export interface OutboxRoute {
  topic: string;
  /** Compacted topics only: a `null` payload is published as a tombstone (no value). */
  tombstones: boolean;
}

/**
 * The outbox's routes and topics, taken from the model's topic catalog only: every catalog topic
 * (`catalog.<entity>.v1`, routed by entity type) and the connections topic (aggregate type
 * `connection`), with the catalog's partitions and cleanup policy.
 */
export class OutboxRouting {
  private readonly routes = new Map<string, OutboxRoute>();
  readonly topics: readonly TopicSpec[];

  constructor(topicPrefix: string) {
    const published = topicCatalog([]).flatMap((descriptor) => {
      const aggregate = aggregateOf(descriptor);
      return aggregate === undefined ? [] : [{ aggregate, descriptor }];
    });
    for (const { aggregate, descriptor } of published) {
      this.routes.set(aggregate, {
        topic: withTopicPrefix(topicPrefix, descriptor.name),
        tombstones: descriptor.compacted,
      });
    }
    this.topics = published.map(({ descriptor }) => topicDeclarationOf(descriptor, topicPrefix));
  }

  /** The route of an aggregate type; undefined for one no topic takes. */
  routeOf(aggregatetype: string): OutboxRoute | undefined {
    return this.routes.get(aggregatetype);
  }
}

function aggregateOf(descriptor: TopicDescriptor): string | undefined {
  if (descriptor.kind === 'catalog') return descriptor.entityType;
  if (descriptor.kind === 'connections') return CONNECTION_AGGREGATE;
  return undefined;
}
