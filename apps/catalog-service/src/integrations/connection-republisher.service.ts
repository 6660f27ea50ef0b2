import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { ConnectionPublisher } from './connection-publisher.service';
import { IntegrationConnectionRepository } from './integration-connection.repository';

/**
 * catalog-service owns the connections, and the compacted integration.connections.v1 is only a
 * copy of its table: at every start it publishes every connection's settings again (through the
 * outbox, as any change). A broker that lost its data, or a topic that was truncated, so heals
 * without an operator. Connectors apply settings only when their version grows, so for them a
 * republish of what they hold changes nothing.
 */
@Injectable()
export class ConnectionRepublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConnectionRepublisher.name);

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
  republishAll(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const all = await this.connections.all(manager);
      for (const connection of all) await this.publisher.published(manager, connection);
      return all.length;
    });
  }
}
