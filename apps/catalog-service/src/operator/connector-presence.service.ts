import type { KafkaAdmin } from '@concord/kafka';
import { createKafkaClient } from '@concord/kafka';
import { connectorConsumerGroup } from '@concord/model';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { CATALOG_CONFIG } from '../config/catalog-config.module';
import type { CatalogConfig } from '../config/catalog-env';

const CONNECTOR_GROUP = /^connector-([a-z][a-z0-9-]{1,30})$/;
const CACHE_MS = 10_000;
const LOOKUP_TIMEOUT_MS = 3_000;

/** Which connectors have at least one running member in their consumer group, by system. */
export interface ConnectorPresence {
  /** Systems whose `connector-<system>` group has a member now; null when Kafka did not answer. */
  running: ReadonlySet<string> | null;
}

/**
 * Asks the brokers which connector consumer groups (`<prefix>connector-<system>`) have running
 * members, so the console offers a connection only where a connector would serve it. Answers are
 * cached for a few seconds: the overview is polled and the lookup costs two admin requests.
 */
@Injectable()
export class ConnectorPresenceService implements OnApplicationShutdown {
  private admin: KafkaAdmin | null = null;
  private cached: { at: number; presence: ConnectorPresence } | null = null;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @InjectPinoLogger('ConnectorPresence') private readonly logger: PinoLogger,
  ) {}

  async presence(): Promise<ConnectorPresence> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.presence;
    const running = await this.withTimeout(this.lookup()).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not list connector consumer groups');
      return null;
    });
    const presence = { running };
    this.cached = { at: Date.now(), presence };
    return presence;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async lookup(): Promise<Set<string>> {
    const admin = await this.connectedAdmin();
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    const { groups } = await admin.listGroups();
    const bySystem = new Map<string, string>();
    for (const { groupId } of groups) {
      if (!groupId.startsWith(prefix)) continue;
      const match = CONNECTOR_GROUP.exec(groupId.slice(prefix.length));
      if (match && `${prefix}${connectorConsumerGroup(match[1])}` === groupId) {
        bySystem.set(groupId, match[1]);
      }
    }
    if (bySystem.size === 0) return new Set();
    const described = await admin.describeGroups([...bySystem.keys()]);
    return new Set(
      described.groups
        .filter((group) => group.members.length > 0)
        .map((group) => bySystem.get(group.groupId))
        .filter((system): system is string => system !== undefined),
    );
  }

  private async connectedAdmin(): Promise<KafkaAdmin> {
    if (!this.admin) {
      const admin = createKafkaClient({
        brokers: [...this.config.KAFKA_BROKERS],
        clientId: `${this.config.KAFKA_CLIENT_ID}-presence`,
        requestTimeoutMs: LOOKUP_TIMEOUT_MS,
      }).admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('Kafka did not answer in time')),
        LOOKUP_TIMEOUT_MS,
      );
      work.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }
}
