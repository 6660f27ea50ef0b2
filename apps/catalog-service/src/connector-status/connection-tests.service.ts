import { randomUUID } from 'node:crypto';

import { ConflictError, NotFoundError, NotFoundErrorCode } from '@concord/errors';
import type { ConnectionTestResult } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { IntegrationsService } from '../integrations/integrations.service';

/** How long a test may wait for the connector's answer before it is shown as unanswered. */
export const CONNECTION_TEST_TIMEOUT_SECONDS = 45;

/** What the API shows of one connection test (never a credential). */
export interface ConnectionTestView {
  id: string;
  system: string;
  connectionId: string;
  /** timed-out: no connector answered within the timeout (none running, or the broker is down). */
  status: 'pending' | 'succeeded' | 'failed' | 'timed-out';
  /** The provider's own words when it failed. */
  message: string | null;
  errorCode: string | null;
  requestedAt: string;
  testedAt: string | null;
}

interface TestRow {
  id: string;
  system: string;
  connection_id: string;
  status: 'pending' | 'succeeded' | 'failed';
  overdue: boolean;
  message: string | null;
  error_code: string | null;
  requested_at: Date;
  tested_at: Date | null;
}

/**
 * "Test the connection": a test is a row here plus a new `requestedConnectionTest` id in the
 * connection's settings, published through the outbox on `integration.connections.v1`. The
 * connector makes one authenticated call with the real credentials and answers on its status
 * topic; the inbound applier writes the answer here. The API answers 202 at once and the console
 * polls `GET .../tests/:id`, which any replica can answer from the database.
 */
@Injectable()
export class ConnectionTestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly integrations: IntegrationsService,
  ) {}

  async request(actor: string, tenantId: string, system: string): Promise<ConnectionTestView> {
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      const connection = await this.integrations.changeIn(
        manager,
        tenantId,
        system,
        { actor, action: 'integration.connection-test-requested', details: { testId: id } },
        (current) => {
          if (current.credentialsEncrypted === null) {
            throw new ConflictError(
              'CREDENTIALS_MISSING',
              `The ${system} connection has no credentials yet: set them, then test it`,
              { details: { system } },
            );
          }
          return { ...current, settings: { ...current.settings, requestedConnectionTest: id } };
        },
      );
      await manager.query(
        `INSERT INTO connection_tests (id, tenant_id, system, connection_id, requested_by)
         VALUES ($1, $2, $3, $4, $5)`,
        [id, tenantId, system, connection.id, actor],
      );
    });
    return this.get(tenantId, system, id);
  }

  async get(tenantId: string, system: string, id: string): Promise<ConnectionTestView> {
    const rows: TestRow[] = await this.dataSource.query(
      `SELECT id, system, connection_id, status, message, error_code, requested_at, tested_at,
         (status = 'pending' AND requested_at < now() - make_interval(secs => $4)) AS overdue
       FROM connection_tests WHERE tenant_id = $1 AND system = $2 AND id = $3`,
      [tenantId, system, id, CONNECTION_TEST_TIMEOUT_SECONDS],
    );
    const row = rows[0];
    if (!row) {
      throw new NotFoundError(
        NotFoundErrorCode.RECORD_NOT_FOUND,
        `No ${system} connection test ${id}`,
      );
    }
    return toView(row, system);
  }

  /** Writes the connector's answer (in the status message's transaction); a repeat changes nothing. */
  async record(
    manager: EntityManager,
    tenantId: string,
    system: string,
    result: ConnectionTestResult,
  ): Promise<void> {
    await manager.query(
      `UPDATE connection_tests SET status = $4, message = $5, error_code = $6, tested_at = $7
       WHERE id = $1 AND tenant_id = $2 AND system = $3 AND status = 'pending'`,
      [
        result.requestId,
        tenantId,
        system,
        result.outcome,
        result.message,
        result.errorCode,
        new Date(result.testedAt),
      ],
    );
  }
}

function toView(row: TestRow, system: string): ConnectionTestView {
  const timedOut = row.overdue;
  return {
    id: row.id,
    system: row.system,
    connectionId: row.connection_id,
    status: timedOut ? 'timed-out' : row.status,
    message: timedOut
      ? `connector-${system} did not answer within ${CONNECTION_TEST_TIMEOUT_SECONDS} seconds: is it running?`
      : row.message,
    errorCode: row.error_code,
    requestedAt: row.requested_at.toISOString(),
    testedAt: row.tested_at?.toISOString() ?? null,
  };
}
