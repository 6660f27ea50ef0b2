import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import {
  type IntegrationConnection,
  IntegrationConnectionRepository,
} from '../../integrations/integration-connection.repository';
import { connectionKeyOf } from './batch-item';

/** The connections of a batch's changes, read once per tenant and system. */
@Injectable()
export class BatchConnections {
  constructor(private readonly connections: IntegrationConnectionRepository) {}

  async read(
    manager: EntityManager,
    keys: ReadonlyArray<{ tenantId: string; system: string }>,
  ): Promise<Map<string, IntegrationConnection | null>> {
    const found = new Map<string, IntegrationConnection | null>();
    for (const { tenantId, system } of keys) {
      const key = connectionKeyOf(tenantId, system);
      if (!found.has(key)) found.set(key, await this.connections.find(manager, tenantId, system));
    }
    return found;
  }
}
