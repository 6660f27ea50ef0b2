import { bool, defineEnv, duration, int, list, str } from '@concord/config';

/**
 * Settings of the inbound applier, the mass-delete guard, the outbound backfill, notifications and
 * the dead-letter collector. catalog-service spreads this slice into its environment schema.
 */
export const syncEnv = defineEnv({
  INBOUND_APPLIER_ENABLED: bool({ default: true }),
  DEAD_LETTER_COLLECTOR_ENABLED: bool({ default: true }),
  /** Attempts (in place and through catalog.retry.v1) before an inbound message is dead-lettered. */
  INBOUND_MAX_ATTEMPTS: int({ default: 8, min: 1, max: 100 }),
  /** The most messages of one partition the applier applies in one transaction. */
  INBOUND_BATCH_MAX_MESSAGES: int({ default: 500, min: 1, max: 5000 }),
  /** How often the applier looks for topics of newly added connectors. */
  SYNC_TOPIC_REFRESH_MS: duration({ default: 30_000, min: 200 }),
  MASS_DELETE_WINDOW_MS: duration({ default: 600_000, min: 1000 }),
  MASS_DELETE_MAX_SHARE: str({
    default: '0.2',
    pattern: { regex: /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, description: 'a share between 0 and 1' },
  }),
  MASS_DELETE_MIN_COUNT: int({ default: 10, min: 1 }),
  BACKFILL_PAGE_SIZE: int({ default: 200, min: 1, max: 5000 }),
  BACKFILL_POLL_INTERVAL_MS: duration({ default: 1000, min: 50 }),
  /**
   * Flow control of the outbound backfill: the next page goes to a connector's retry topic only
   * while its consumer group has fewer messages than this left to read there.
   */
  BACKFILL_MAX_RETRY_LAG: int({ default: 1000, min: 1 }),
  /** Loopback `host:port` a notification webhook may use (development and tests only). */
  NOTIFICATION_ALLOWED_LOOPBACK: list({
    default: [],
    item: { regex: /^[A-Za-z0-9.[\]:-]+:\d{1,5}$/, description: 'host:port' },
  }),
  NOTIFICATION_MAX_ATTEMPTS: int({ default: 8, min: 1, max: 50 }),
  NOTIFICATION_POLL_INTERVAL_MS: duration({ default: 1000, min: 50 }),
  /** How often the live activity stream sends a heartbeat comment to each client. */
  ACTIVITY_STREAM_HEARTBEAT_MS: duration({ default: 15_000, min: 100 }),
});
