import { randomUUID } from 'node:crypto';

import { appendOutboxRow, CONNECTION_AGGREGATE } from '@concord/catalog-outbox';
import { ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  ConnectionSettings,
  connectionSettingsKey,
  MessageHeaders,
  validate,
} from '@concord/model';
import { currentCorrelationId } from '@concord/observability';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { toConnectionSettings } from './connection-settings.mapper';
import type { IntegrationConnection } from './integration-connection.repository';

export const CONNECTION_UPDATED_TYPE = 'concord.integration.connection.updated';
export const CONNECTION_DELETED_TYPE = 'concord.integration.connection.deleted';

/**
 * Publishes connection settings through the outbox, in the caller's transaction, so a committed
 * change and its message never diverge. Keyed `tenant:system` on the compacted topic; a deleted
 * connection is a null value (tombstone). Credentials are the stored ciphertext, never clear text.
 */
@Injectable()
export class ConnectionPublisher {
  async published(manager: EntityManager, connection: IntegrationConnection): Promise<void> {
    const settings = toConnectionSettings(connection);
    const checked = validate(ConnectionSettings, settings);
    if (!checked.ok) {
      const fields = checked.errors.map((issue) => ({ field: issue.path, message: issue.message }));
      throw new ValidationError(
        ValidationErrorCode.INVALID_INPUT,
        `Invalid connection settings: ${fields.map((f) => f.field).join(', ')}`,
        fields,
      );
    }
    await this.append(manager, connection.tenantId, connection.system, settings);
  }

  async deleted(manager: EntityManager, tenantId: string, system: string): Promise<void> {
    await this.append(manager, tenantId, system, null);
  }

  private async append(
    manager: EntityManager,
    tenantId: string,
    system: string,
    settings: ConnectionSettings | null,
  ): Promise<void> {
    const id = randomUUID();
    const headers = {
      [MessageHeaders.eventId]: id,
      [MessageHeaders.tenant]: tenantId,
      [MessageHeaders.correlationId]: currentCorrelationId() ?? id,
      [MessageHeaders.contentType]: 'application/json',
    };
    await appendOutboxRow((sql, params) => manager.query(sql, params), {
      id,
      aggregatetype: CONNECTION_AGGREGATE,
      aggregateid: connectionSettingsKey(tenantId, system),
      type: settings === null ? CONNECTION_DELETED_TYPE : CONNECTION_UPDATED_TYPE,
      payload: settings,
      tenant: tenantId,
      headers,
    });
  }
}
