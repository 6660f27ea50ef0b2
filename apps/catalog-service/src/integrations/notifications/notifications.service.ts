import { randomBytes, randomUUID } from 'node:crypto';

import { encryptSecret, KeyRing } from '@concord/auth';
import { NotFoundError, NotFoundErrorCode } from '@concord/errors';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { AuditService } from '../../audit/audit.service';
import { CATALOG_CONFIG } from '../../config/catalog-config.module';
import type { CatalogConfig } from '../../config/catalog-env';
import { SECRETS_KEY_RING } from '../secrets-key-ring';
import { checkNotificationUrl } from './notification-url';

/** Events a tenant's webhook is told about. */
export type NotificationType = 'connection.paused' | 'connection.needs-attention';

export interface NotificationWebhookView {
  url: string;
  createdAt: string;
  updatedAt: string;
}

/** The AAD of a tenant's notification signing secret. */
export function notificationSecretContext(tenantId: string): string {
  return `${tenantId}:notifications`;
}

/** A tenant's signed notification webhook, and the deliveries queued for it. */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @Inject(SECRETS_KEY_RING) private readonly keyRing: KeyRing,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Registers (or replaces) the webhook; the signing secret is returned here only. */
  async register(
    actor: string,
    tenantId: string,
    url: string,
  ): Promise<NotificationWebhookView & { secret: string }> {
    const checked = await checkNotificationUrl(url, this.config.NOTIFICATION_ALLOWED_LOOPBACK);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const encrypted = encryptSecret(this.keyRing, secret, notificationSecretContext(tenantId));
    return this.dataSource.transaction(async (manager) => {
      const [row]: Array<{ created_at: Date; updated_at: Date }> = await manager.query(
        `INSERT INTO notification_webhooks (tenant_id, url, secret_encrypted, created_at, updated_at)
         VALUES ($1, $2, $3, now(), now())
         ON CONFLICT (tenant_id) DO UPDATE SET url = EXCLUDED.url,
           secret_encrypted = EXCLUDED.secret_encrypted, updated_at = now()
         RETURNING created_at, updated_at`,
        [tenantId, checked.toString(), encrypted],
      );
      await this.audit.record(manager, {
        tenantId,
        actor,
        action: 'notification-webhook.registered',
        targetType: 'notification-webhook',
        targetId: tenantId,
        details: { host: checked.host },
      });
      return {
        url: checked.toString(),
        secret,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      };
    });
  }

  async get(tenantId: string): Promise<NotificationWebhookView> {
    const rows: Array<{ url: string; created_at: Date; updated_at: Date }> =
      await this.dataSource.query(
        'SELECT url, created_at, updated_at FROM notification_webhooks WHERE tenant_id = $1',
        [tenantId],
      );
    const row = rows[0];
    if (!row) throw notFound();
    return {
      url: row.url,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async remove(actor: string, tenantId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const gone: unknown[] = await manager.query(
        'DELETE FROM notification_webhooks WHERE tenant_id = $1 RETURNING 1',
        [tenantId],
      );
      if (gone.length === 0) throw notFound();
      await this.audit.record(manager, {
        tenantId,
        actor,
        action: 'notification-webhook.removed',
        targetType: 'notification-webhook',
        targetId: tenantId,
      });
    });
  }

  /**
   * Queues a notification in the caller's transaction (nothing when the tenant registered no
   * webhook); the dispatcher delivers it after the commit, with retries.
   */
  async enqueue(
    manager: EntityManager,
    tenantId: string,
    type: NotificationType,
    data: Record<string, unknown>,
  ): Promise<void> {
    const id = randomUUID();
    const payload = { id, type, tenant: tenantId, createdAt: new Date().toISOString(), data };
    await manager.query(
      `INSERT INTO notification_deliveries (id, tenant_id, event_type, payload, created_at)
       SELECT $1, $2, $3, $4::jsonb, now()
       WHERE EXISTS (SELECT 1 FROM notification_webhooks WHERE tenant_id = $2)`,
      [id, tenantId, type, JSON.stringify(payload)],
    );
  }
}

function notFound(): NotFoundError {
  return new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, 'No notification webhook');
}
