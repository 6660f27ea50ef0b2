import { HealthRegistry } from '@concord/observability';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Ready means the catalog database answers (the outbox relay adds its Kafka check). */
@Injectable()
export class DatabaseHealthService implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.health.register('database', async () => {
      await this.dataSource.query('SELECT 1');
      return true;
    });
  }
}
