import { decryptSecret, KeyRing, signPayload } from '@concord/auth';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { DataSource, EntityManager } from 'typeorm';

import { CATALOG_CONFIG } from '../../config/catalog-config.module';
import type { CatalogConfig } from '../../config/catalog-env';
import { SECRETS_KEY_RING } from '../secrets-key-ring';
import { postNotification } from './notification-request';
import { type NotificationTarget, notificationTarget } from './notification-url';
import { notificationSecretContext } from './notifications.service';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe signs. */
export const NOTIFICATION_SIGNATURE_HEADER = 'Concord-Signature';

const BATCH = 10;
const TIMEOUT_MS = 5000;
const MAX_BACKOFF_MS = 300_000;

interface DueDelivery {
  id: string;
  tenant_id: string;
  payload: unknown;
  attempts: number;
  url: string | null;
  secret_encrypted: string | null;
}

/** Retry delay after `attempts` failed deliveries: 1 s, 2 s, 4 s ... capped at 5 minutes. */
export function notificationBackoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/**
 * Delivers queued notifications: POST JSON, signed with the tenant's secret, to the URL checked
 * again at send time, through an agent pinned to the checked addresses (no DNS rebinding); a non-2xx answer or a network error is retried with backoff until
 * NOTIFICATION_MAX_ATTEMPTS. Replicas share the queue (rows are claimed with SKIP LOCKED).
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    @Inject(SECRETS_KEY_RING) private readonly keyRing: KeyRing,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectPinoLogger('NotificationDispatcher') private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.deliverDue().finally(() => (this.running = undefined));
    }, this.config.NOTIFICATION_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async deliverDue(): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        const due: DueDelivery[] = await manager.query(
          `SELECT d.id, d.tenant_id, d.payload, d.attempts, w.url, w.secret_encrypted
           FROM notification_deliveries d
           LEFT JOIN notification_webhooks w ON w.tenant_id = d.tenant_id
           WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           ORDER BY d.next_attempt_at LIMIT ${BATCH} FOR UPDATE OF d SKIP LOCKED`,
        );
        for (const delivery of due) await this.deliver(manager, delivery);
      });
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'notification delivery pass failed');
    }
  }

  private async deliver(manager: EntityManager, delivery: DueDelivery): Promise<void> {
    const attempts = delivery.attempts + 1;
    let failure: string | null;
    if (delivery.url === null || delivery.secret_encrypted === null) {
      failure = 'no webhook registered';
    } else {
      failure = await this.post(
        delivery.tenant_id,
        delivery.url,
        delivery.secret_encrypted,
        delivery.payload,
      );
    }
    if (failure === null) {
      await manager.query(
        `UPDATE notification_deliveries SET status = 'delivered', attempts = $2,
           delivered_at = now(), last_error = NULL WHERE id = $1`,
        [delivery.id, attempts],
      );
      return;
    }
    const givenUp = delivery.url === null || attempts >= this.config.NOTIFICATION_MAX_ATTEMPTS;
    await manager.query(
      `UPDATE notification_deliveries SET status = $2, attempts = $3, last_error = $4,
         next_attempt_at = now() + ($5::int * interval '1 millisecond') WHERE id = $1`,
      [
        delivery.id,
        givenUp ? 'failed' : 'pending',
        attempts,
        failure,
        notificationBackoffMs(attempts),
      ],
    );
    this.logger.warn(
      { tenant: delivery.tenant_id, notificationId: delivery.id, attempts, err: failure },
      givenUp ? 'notification given up' : 'notification delivery failed; will retry',
    );
  }

  /** Null when the receiver answered 2xx, else why not. */
  private async post(
    tenantId: string,
    url: string,
    secretEncrypted: string,
    payload: unknown,
  ): Promise<string | null> {
    let target: NotificationTarget | undefined;
    try {
      target = await notificationTarget(url, this.config.NOTIFICATION_ALLOWED_LOOPBACK);
      const secret = decryptSecret(
        this.keyRing,
        secretEncrypted,
        notificationSecretContext(tenantId),
      );
      const body = JSON.stringify(payload);
      const headers = {
        'content-type': 'application/json',
        [NOTIFICATION_SIGNATURE_HEADER]: signPayload({ scheme: 'stripe', secret, payload: body }),
      };
      const status = await postNotification(target, headers, body, TIMEOUT_MS);
      return status >= 200 && status < 300 ? null : `HTTP ${status}`;
    } catch (error) {
      return error instanceof Error ? error.message.slice(0, 500) : 'delivery failed';
    } finally {
      target?.agent.destroy();
    }
  }
}
