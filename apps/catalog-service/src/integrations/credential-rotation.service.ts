import { type KeyRing, reencryptSecret, secretKeyId } from '@concord/auth';
import type { DataSource, EntityManager } from 'typeorm';

import { connectionSecretContext } from './connection-settings.mapper';
import { IntegrationConnectionRepository } from './integration-connection.repository';
import type { IntegrationsService } from './integrations.service';
import { notificationSecretContext } from './notifications/notifications.service';

export const KEY_ROTATION_ACTOR = 'key-rotation';

/** What a rotation pass did, as counts only (never values). */
export interface RotationReport {
  activeKeyId: string;
  credentials: { reencrypted: number; current: number };
  webhookSecrets: { reencrypted: number; current: number };
  notificationSecrets: { reencrypted: number; current: number };
}

/**
 * Moves every stored secret under the ring's active key while the old keys still decrypt:
 * connection credentials (each changed connection is versioned, audited and republished),
 * connector webhook secrets and notification signing secrets. Idempotent: a second run finds
 * everything current.
 */
export class CredentialRotation {
  private readonly connections = new IntegrationConnectionRepository();

  constructor(
    private readonly dataSource: DataSource,
    private readonly keyRing: KeyRing,
    private readonly integrations: IntegrationsService,
  ) {}

  async run(): Promise<RotationReport> {
    const report: RotationReport = {
      activeKeyId: this.keyRing.activeKeyId,
      credentials: { reencrypted: 0, current: 0 },
      webhookSecrets: { reencrypted: 0, current: 0 },
      notificationSecrets: { reencrypted: 0, current: 0 },
    };
    for (const { tenantId, system } of await this.connections.allIds(this.dataSource.manager)) {
      await this.dataSource.transaction(async (manager) => {
        const connection = await this.connections.find(manager, tenantId, system, { lock: true });
        const stored = connection?.credentialsEncrypted ?? null;
        if (stored === null) return;
        if (secretKeyId(stored) === this.keyRing.activeKeyId) {
          report.credentials.current += 1;
          return;
        }
        const moved = reencryptSecret(
          this.keyRing,
          stored,
          connectionSecretContext(tenantId, system),
        );
        await this.integrations.changeIn(
          manager,
          tenantId,
          system,
          {
            actor: KEY_ROTATION_ACTOR,
            action: 'integration.credentials-reencrypted',
            details: { fromKeyId: secretKeyId(stored), keyId: this.keyRing.activeKeyId },
          },
          (current) => ({ ...current, credentialsEncrypted: moved }),
        );
        report.credentials.reencrypted += 1;
      });
    }
    await this.dataSource.transaction((manager) => this.rotateWebhookSecrets(manager, report));
    await this.dataSource.transaction((manager) => this.rotateNotificationSecrets(manager, report));
    return report;
  }

  private async rotateWebhookSecrets(
    manager: EntityManager,
    report: RotationReport,
  ): Promise<void> {
    const rows: Array<{
      tenant_id: string;
      system: string;
      connection_id: string;
      secret: string | null;
    }> = await manager.query(
      `SELECT tenant_id, system, connection_id, status->'webhook'->>'secret' AS secret
       FROM connector_statuses FOR UPDATE`,
    );
    for (const row of rows) {
      if (row.secret === null) continue;
      if (secretKeyId(row.secret) === this.keyRing.activeKeyId) {
        report.webhookSecrets.current += 1;
        continue;
      }
      const moved = reencryptSecret(
        this.keyRing,
        row.secret,
        connectionSecretContext(row.tenant_id, row.system),
      );
      await manager.query(
        `UPDATE connector_statuses SET status = jsonb_set(status, '{webhook,secret}', to_jsonb($4::text))
         WHERE tenant_id = $1 AND system = $2 AND connection_id = $3`,
        [row.tenant_id, row.system, row.connection_id, moved],
      );
      report.webhookSecrets.reencrypted += 1;
    }
  }

  private async rotateNotificationSecrets(
    manager: EntityManager,
    report: RotationReport,
  ): Promise<void> {
    const rows: Array<{ tenant_id: string; secret_encrypted: string }> = await manager.query(
      'SELECT tenant_id, secret_encrypted FROM notification_webhooks FOR UPDATE',
    );
    for (const row of rows) {
      if (secretKeyId(row.secret_encrypted) === this.keyRing.activeKeyId) {
        report.notificationSecrets.current += 1;
        continue;
      }
      const moved = reencryptSecret(
        this.keyRing,
        row.secret_encrypted,
        notificationSecretContext(row.tenant_id),
      );
      await manager.query(
        'UPDATE notification_webhooks SET secret_encrypted = $2, updated_at = now() WHERE tenant_id = $1',
        [row.tenant_id, moved],
      );
      report.notificationSecrets.reencrypted += 1;
    }
  }
}
