import type { ConnectionsRequest } from '@concord/model';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { ConnectionPublisher } from './connection-publisher.service';
import { IntegrationConnectionRepository } from './integration-connection.repository';

/** What answering a connector's request for its connections did. */
export type ConnectionsRequestAnswer =
  { answered: true; connections: number } | { answered: false; reason: 'already-answered' };

/**
 * catalog-service owns the connections, and the compacted integration.connections.v1 is only a
 * copy of its table: at every start it publishes every connection's settings again (through the
 * outbox, as any change), and again for one system whenever that system's connector asks (a
 * ConnectionsRequest on its status topic, sent at every connector start). A broker that lost its
 * data, or a topic that was truncated, so heals without an operator. Connectors apply settings
 * only when their version grows, so for them a republish of what they hold changes nothing.
 */
@Injectable()
export class ConnectionRepublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConnectionRepublisher.name);
  /** When this replica last published every connection (of every system, or of one). */
  private allPublishedAt = 0;
  private readonly publishedAt = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: IntegrationConnectionRepository,
    private readonly publisher: ConnectionPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const count = await this.republishAll();
    if (count > 0) this.logger.debug(`published the settings of ${count} connections again`);
  }

  /** Publishes every connection again, in one transaction; returns how many. */
  async republishAll(): Promise<number> {
    const startedAt = Date.now();
    const count = await this.republish();
    this.allPublishedAt = startedAt;
    return count;
  }

  /**
   * Answers a connector's request: every connection of its system published again, unless this
   * replica did so after the request was made (replicas starting together, or old requests read
   * again after the applier's group lost its offsets, are answered once). A connector's reader
   * follows the topic, so a republish after its request reaches it.
   */
  async answer(request: ConnectionsRequest): Promise<ConnectionsRequestAnswer> {
    const requestedAt = Date.parse(request.time);
    const last = Math.max(this.allPublishedAt, this.publishedAt.get(request.system) ?? 0);
    if (last >= requestedAt) return { answered: false, reason: 'already-answered' };
    const startedAt = Date.now();
    const connections = await this.republish(request.system);
    this.publishedAt.set(request.system, startedAt);
    // The applier logs the answer (ConnectionsRequestAnswerer), with the request's context.
    return { answered: true, connections };
  }

  private republish(system?: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const all = await this.connections.all(manager, system);
      for (const connection of all) await this.publisher.published(manager, connection);
      return all.length;
    });
  }
}
