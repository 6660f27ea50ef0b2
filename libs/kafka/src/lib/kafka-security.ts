import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

/** The SASL mechanisms Concord supports (kafkajs names). PLAIN belongs only on TLS. */
export const KAFKA_SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512', 'plain'] as const;

export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

export interface KafkaSaslOptions {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

/** TLS to the brokers: `true` trusts the system CAs; an object adds a CA and a client certificate. */
export type KafkaTlsOptions = boolean | Pick<ConnectionOptions, 'ca' | 'cert' | 'key'>;

/** What `createKafkaClient` needs to authenticate and encrypt. */
export interface KafkaSecurityOptions {
  sasl?: KafkaSaslOptions;
  tls?: KafkaTlsOptions;
}

/** The environment variables of `@concord/config`'s kafkaEnv that concern security. */
export interface KafkaSecuritySettings {
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
  KAFKA_SSL?: boolean;
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SSL_CERT_FILE?: string;
  KAFKA_SSL_KEY_FILE?: string;
}

/**
 * Turns validated settings into client options, reading the PEM files once at start. The config
 * slice has already refused inconsistent settings (a username without a mechanism, a CA file
 * without KAFKA_SSL), so this only maps them.
 */
export function kafkaSecurityOptions(settings: KafkaSecuritySettings): KafkaSecurityOptions {
  const options: KafkaSecurityOptions = {};
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } = settings;
  if (mechanism && username && settings.KAFKA_SASL_PASSWORD !== undefined) {
    options.sasl = { mechanism, username, password: settings.KAFKA_SASL_PASSWORD };
  }
  if (settings.KAFKA_SSL) {
    const files = {
      ca: settings.KAFKA_SSL_CA_FILE,
      cert: settings.KAFKA_SSL_CERT_FILE,
      key: settings.KAFKA_SSL_KEY_FILE,
    };
    const read = Object.entries(files).filter((entry): entry is [string, string] => !!entry[1]);
    options.tls =
      read.length === 0
        ? true
        : Object.fromEntries(read.map(([name, path]) => [name, readFileSync(path)]));
  }
  return options;
}
