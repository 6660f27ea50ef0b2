import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { workspaceRoot } from './workspace-root';

/** The shipped connector configuration: what the tests run is what deployments get. */
export function outboxConnectorFile(): string {
  return join(workspaceRoot(), 'docker', 'debezium', 'concord-outbox-connector.json');
}

export interface ConnectorDefinition {
  name: string;
  config: Record<string, string>;
}

export function readConnectorFile(file = outboxConnectorFile()): ConnectorDefinition {
  return JSON.parse(readFileSync(file, 'utf8')) as ConnectorDefinition;
}

export interface OutboxConnectorTarget {
  /** PostgreSQL with logical decoding; its user needs REPLICATION (a superuser in tests). */
  host: string;
  port: number;
  user: string;
  database: string;
  /** Prefixed to every topic the connector writes, like KAFKA_TOPIC_PREFIX. */
  topicPrefix: string;
  /** Makes the replication slot and Debezium's logical name unique. */
  suffix: string;
}

/**
 * The shipped connector with only what differs per deployment overridden: database, slot and
 * topic prefix. The password is removed (the embedded server trusts 127.0.0.1).
 */
export function outboxConnectorFor(target: OutboxConnectorTarget): ConnectorDefinition {
  const shipped = readConnectorFile();
  const config = { ...shipped.config };
  delete config['database.password'];
  const prefix = target.topicPrefix;
  Object.assign(config, {
    'database.hostname': target.host,
    'database.port': String(target.port),
    'database.user': target.user,
    'database.dbname': target.database,
    'topic.prefix': `concord-outbox-${target.suffix}`,
    'slot.name': `concord_outbox_${target.suffix.replace(/\W/g, '_')}`,
    'transforms.catalogTopics.replacement': `${prefix}${config['transforms.catalogTopics.replacement']}`,
    'transforms.connectionTopic.replacement': `${prefix}${config['transforms.connectionTopic.replacement']}`,
  });
  return { name: shipped.name, config };
}
