import { messageSchemas, topicCatalog, TopicDescriptor } from '@concord/model';

import { JsonSchema } from './json-schema-shape';

/** What a deployment runs: its connector systems and the consumer groups that dead-letter. */
export interface DeploymentShape {
  systems: readonly string[];
  consumerGroups: readonly string[];
}

type AsyncApiObject = Record<string, unknown>;

const MESSAGE_HEADERS: JsonSchema = {
  type: 'object',
  properties: {
    'x-event-id': { type: 'string', description: 'The envelope id; deduplicate by it.' },
    'x-tenant': { type: 'string', description: 'The tenant the event belongs to.' },
    'x-origin': {
      type: 'string',
      description: 'The system the change came from (catalog or a connector system).',
    },
    'x-entity-version': {
      type: 'string',
      description: 'The entity version after the change, when there is one.',
    },
    'x-correlation-id': {
      type: 'string',
      description: 'Shared by every event and log line of one original change.',
    },
    'content-type': { type: 'string', description: 'application/json' },
    'x-concord-links': {
      type: 'string',
      description:
        'On catalog events, when the identity map holds any: JSON {"<system>": {"<entityType>:<entityId>": "<externalId>"}} for the record and the records it refers to (an invoice\'s customer and products).',
    },
  },
};

/** A JSON Schema copy without `$id` (AsyncAPI resolves `$id` as a base URI) and with its id kept aside. */
function publishedSchema(id: string, schema: unknown): JsonSchema {
  const copy = JSON.parse(JSON.stringify(schema)) as JsonSchema;
  delete copy.$id;
  return { ...copy, 'x-concord-schema-id': id };
}

function safeName(id: string): string {
  return id
    .replace(/^concord\./, '')
    .replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
}

/** The address template of a topic: per-system and per-group topics become parameterised channels. */
function addressOf(topic: TopicDescriptor): {
  id: string;
  address: string;
  parameters?: AsyncApiObject;
} {
  if (topic.system) {
    const address = topic.name.replace(`.${topic.system}.`, '.{system}.');
    return {
      id: safeName(address.replace('{system}', 'system')),
      address,
      parameters: { system: {} },
    };
  }
  if (topic.kind === 'dead-letter') {
    return {
      id: 'deadLetters',
      address: 'dlq.{consumerGroup}.v1',
      parameters: { consumerGroup: {} },
    };
  }
  return { id: safeName(topic.name), address: topic.name };
}

/**
 * Builds the AsyncAPI 3 document of every Concord topic from the model lib's topic catalog and
 * message schemas, so the published contract is the code's contract.
 */
export function buildAsyncApiDocument(
  version: string,
  deployment: DeploymentShape,
): AsyncApiObject {
  const topics = topicCatalog(deployment.systems, { consumerGroups: deployment.consumerGroups });
  const channels: AsyncApiObject = {};
  const operations: AsyncApiObject = {};
  const messages: AsyncApiObject = {};
  const schemas: AsyncApiObject = {};

  for (const entry of messageSchemas) {
    const name = safeName(entry.id);
    schemas[name] = publishedSchema(entry.id, entry.schema);
    messages[name] = {
      name,
      title: (entry.schema as { title?: string }).title ?? entry.id,
      summary: (entry.schema as { description?: string }).description ?? entry.id,
      contentType: 'application/json',
      ...(entry.payload === 'headers'
        ? {
            headers: { $ref: `#/components/schemas/${name}` },
            payload: { description: 'The original message value, unchanged.' },
          }
        : { headers: MESSAGE_HEADERS, payload: { $ref: `#/components/schemas/${name}` } }),
    };
  }

  for (const topic of topics) {
    const { id, address, parameters } = addressOf(topic);
    if (channels[id]) continue;
    const messageName = safeName(topic.schemaId);
    const carried = [messageName, ...(topic.alsoCarries ?? []).map(safeName)];
    channels[id] = {
      address,
      title: address,
      description: `${topic.description} Key: \`${topic.key}\`.${topic.compacted ? ' Log-compacted; a null value is a tombstone.' : ''}`,
      ...(parameters ? { parameters: parameterValues(parameters, topics, address) } : {}),
      messages: Object.fromEntries(
        carried.map((name) => [name, { $ref: `#/components/messages/${name}` }]),
      ),
      bindings: {
        kafka: {
          bindingVersion: '0.5.0',
          partitions: topic.partitions,
          topicConfiguration: { 'cleanup.policy': [topic.compacted ? 'compact' : 'delete'] },
        },
      },
    };
    operations[`receive${id.charAt(0).toUpperCase()}${id.slice(1)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `Consume ${address}`,
      messages: carried.map((name) => ({ $ref: `#/channels/${id}/messages/${name}` })),
      bindings: { kafka: { bindingVersion: '0.5.0', clientId: { type: 'string' } } },
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Concord events',
      version,
      description:
        'Every Kafka topic Concord publishes: the catalog change events other teams consume, and the connector, connection and dead-letter topics Concord runs on. Generated from libs/model by `npm run events:generate`; see docs/events.md for guarantees and the versioning policy.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The broker `npm start` runs.',
      },
    },
    channels,
    operations,
    components: { messages, schemas },
  };
}

function parameterValues(
  parameters: AsyncApiObject,
  topics: TopicDescriptor[],
  address: string,
): AsyncApiObject {
  const pattern = new RegExp(
    `^${address.replace(/\./g, '\\.').replace(/\{[a-zA-Z]+\}/g, '([^.]+)')}$`,
  );
  const values = [
    ...new Set(topics.map((t) => pattern.exec(t.name)?.[1]).filter((v): v is string => !!v)),
  ].sort();
  const [name] = Object.keys(parameters);
  return {
    [name]: {
      description:
        name === 'system'
          ? 'The external system of a connector.'
          : 'The consumer group that failed the message.',
      enum: values,
    },
  };
}

/** True if `topic` is one of the document's channel addresses (parameters matched by value). */
export function channelMatches(
  address: string,
  parameters: Record<string, { enum?: string[] }>,
  topic: string,
): boolean {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${address.replace(/\./g, '\\.').replace(/\{([a-zA-Z]+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^.]+)';
    })}$`,
  );
  const match = pattern.exec(topic);
  if (!match) return false;
  return names.every((name, i) => {
    const allowed = parameters[name]?.enum;
    return !allowed || allowed.includes(match[i + 1]);
  });
}
