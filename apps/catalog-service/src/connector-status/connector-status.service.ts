import { KeyRing, reencryptSecret, secretKeyId } from '@concord/auth';
import { NotFoundError, NotFoundErrorCode } from '@concord/errors';
import type { ConnectorStatus, ConnectorStatusData } from '@concord/model';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { connectionSecretContext } from '../integrations/connection-settings.mapper';
import { IntegrationConnectionRepository } from '../integrations/integration-connection.repository';
import { IntegrationsService } from '../integrations/integrations.service';
import { NotificationsService } from '../integrations/notifications/notifications.service';
import { SECRETS_KEY_RING } from '../integrations/secrets-key-ring';
import { BudgetSamplesRepository } from './budget-samples.repository';
import { ConnectionTestsService } from './connection-tests.service';

/** The latest status a connector reported for a connection (rotated credentials removed). */
export interface StoredConnectorStatus extends Omit<
  ConnectorStatusData,
  'rotatedCredentials' | 'connectionTest'
> {
  tenant: string;
  receivedEventId: string;
  /**
   * The key the connector's own copy of the webhook secret was under when it reported (the
   * catalog's copy is re-encrypted here): key rotation waits until it is the active key.
   */
  connectorSecretsKeyId?: string | null;
}

/** What the API shows: the webhook secret only as "set". */
export interface ConnectorStatusView extends Omit<StoredConnectorStatus, 'webhook'> {
  webhook: { url: string; secretSet: boolean } | null;
}

export type StatusResult = 'stored' | 'older' | 'unknown-connection';

const ATTENTION_STATES = new Set(['paused', 'needs-attention']);

/**
 * Connector statuses: the latest per connection (an older report never overwrites a newer one),
 * and each minute's peak budget use for the charts; secrets kept encrypted under the active key. Rotated credentials move into the connection (and
 * are republished); a connection that turns paused or needs attention notifies the tenant.
 */
@Injectable()
export class ConnectorStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS_KEY_RING) private readonly keyRing: KeyRing,
    private readonly connections: IntegrationConnectionRepository,
    private readonly integrations: IntegrationsService,
    private readonly notifications: NotificationsService,
    private readonly tests: ConnectionTestsService,
    private readonly budgetSamples: BudgetSamplesRepository,
  ) {}

  async apply(status: ConnectorStatus): Promise<StatusResult> {
    const { tenant, data } = status;
    return this.dataSource.transaction(async (manager) => {
      if (data.connectionTest) {
        await this.tests.record(manager, tenant, data.system, data.connectionTest);
      }
      const connection = await this.connections.find(manager, tenant, data.system, { lock: true });
      if (!connection || connection.id !== data.connectionId) return 'unknown-connection';
      const previous = await this.stored(manager, tenant, data.system);
      if (previous && Date.parse(previous.observedAt) > Date.parse(data.observedAt)) return 'older';
      const context = connectionSecretContext(tenant, data.system);
      if (data.rotatedCredentials !== null) {
        const credentials = reencryptSecret(this.keyRing, data.rotatedCredentials, context);
        await this.integrations.changeIn(
          manager,
          tenant,
          data.system,
          { actor: `connector-${data.system}`, action: 'integration.credentials-rotated' },
          (current) => ({
            ...current,
            credentialsEncrypted: credentials,
            credentialsUpdatedAt: new Date(),
          }),
        );
      }
      const { rotatedCredentials: _rotated, connectionTest: _test, ...reported } = data;
      const stored: StoredConnectorStatus = {
        ...reported,
        webhook:
          data.webhook === null
            ? null
            : {
                url: data.webhook.url,
                secret:
                  data.webhook.secret === null
                    ? null
                    : reencryptSecret(this.keyRing, data.webhook.secret, context),
              },
        tenant,
        receivedEventId: status.id,
        connectorSecretsKeyId: data.webhook?.secret ? secretKeyId(data.webhook.secret) : null,
      };
      await manager.query(
        `INSERT INTO connector_statuses (tenant_id, system, connection_id, status, observed_at)
         VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (tenant_id, system, connection_id) DO UPDATE SET
           status = EXCLUDED.status, observed_at = EXCLUDED.observed_at`,
        [tenant, data.system, data.connectionId, JSON.stringify(stored), new Date(data.observedAt)],
      );
      await this.budgetSamples.record(manager, tenant, data);
      const turnedBad = ATTENTION_STATES.has(data.state) && previous?.state !== data.state;
      if (turnedBad) {
        await this.notifications.enqueue(
          manager,
          tenant,
          data.state === 'paused' ? 'connection.paused' : 'connection.needs-attention',
          {
            system: data.system,
            connectionId: data.connectionId,
            reason: data.reason,
            source: 'connector',
          },
        );
      }
      return 'stored';
    });
  }

  /** The stored status of the tenant's connection to `system`. */
  async get(tenantId: string, system: string): Promise<ConnectorStatusView> {
    const status = await this.stored(this.dataSource.manager, tenantId, system);
    if (!status) {
      throw new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, `No status for ${system} yet`);
    }
    const { webhook, ...rest } = status;
    return {
      ...rest,
      webhook: webhook === null ? null : { url: webhook.url, secretSet: webhook.secret !== null },
    };
  }

  private async stored(
    manager: EntityManager,
    tenantId: string,
    system: string,
  ): Promise<StoredConnectorStatus | null> {
    const rows: Array<{ status: StoredConnectorStatus }> = await manager.query(
      `SELECT status FROM connector_statuses WHERE tenant_id = $1 AND system = $2
       ORDER BY observed_at DESC LIMIT 1`,
      [tenantId, system],
    );
    return rows[0]?.status ?? null;
  }
}
