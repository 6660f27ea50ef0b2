import { createHash } from 'node:crypto';

import { parseApiKey, precheckApiKey, verifyApiKey } from '@concord/auth';
import { AuthError, AuthErrorCode } from '@concord/errors';
import { MetricsService } from '@concord/observability';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';

import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { ApiRateLimits } from '../rate-limits/api-rate-limits.service';
import type { ApiKeyPrincipal } from './principal';

const LAST_USED_EVERY_MS = 60_000;
/** Verified keys remembered per process (oldest forgotten first). */
const VERIFIED_KEYS_KEPT = 10_000;

function invalidKey(): AuthError {
  return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Invalid API key');
}

/**
 * Resolves a tenant API key to its principal: the tenant and the scopes it grants. A wrong secret
 * is refused by its precheck (one SHA-256) without scrypt, and failures are counted per key id:
 * past RATE_LIMIT_AUTH_FAILURES_PER_MINUTE they are answered 429. The right secret is still
 * accepted while its key id is throttled, since its precheck sends it on to scrypt.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  /** When this process last wrote each key's last_used_at, so busy keys cost one write a minute. */
  private readonly lastUsedWrites = new Map<string, number>();
  /**
   * Fingerprints (SHA-256 of the presented key and the stored hash) of keys this process has
   * verified. scrypt costs about 13 ms of CPU per call, which a busy client paid on every request
   * (measured by `npm run bench:pipeline`: most of catalog-service's CPU per write). The row is
   * still read on every request, so revocation applies at once, and a rotated or replaced hash
   * changes the fingerprint. Failed verifications are never remembered.
   */
  private readonly verifiedKeys = new Set<string>();
  /** Every scrypt verification this process paid for (`/metrics`). */
  private readonly hashVerifications: Counter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly limits: ApiRateLimits,
    metrics: MetricsService,
  ) {
    this.hashVerifications = metrics.counter({
      name: 'catalog_api_key_hash_verifications_total',
      help: 'API key verifications that paid for scrypt (wrong secrets are refused before it)',
    });
  }

  async authenticate(key: string, now = new Date()): Promise<ApiKeyPrincipal> {
    let keyId: string;
    try {
      ({ keyId } = parseApiKey(key));
    } catch {
      throw invalidKey();
    }
    const stored = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ keyId });
    if (!stored || !(await this.verify(key, keyId, stored.hash))) throw await this.failure(keyId);
    if (stored.revokedAt !== null && stored.revokedAt.getTime() <= now.getTime()) {
      throw new AuthError(AuthErrorCode.REVOKED_CREDENTIALS, 'This API key has been revoked');
    }
    this.noteUse(stored.id, now);
    return {
      kind: 'api-key',
      tenantId: stored.tenantId,
      apiKeyId: stored.id,
      scopes: stored.scopes,
    };
  }

  private async verify(key: string, keyId: string, hash: string): Promise<boolean> {
    const precheck = precheckApiKey(key, hash);
    if (precheck === 'mismatch') return false;
    const fingerprint = createHash('sha256').update(key).update('\0').update(hash).digest('hex');
    if (this.verifiedKeys.has(fingerprint)) return true;
    if (precheck === 'unchecked') {
      // A hash stored before prechecks: while failures are throttled, refuse before scrypt.
      const throttled = await this.limits.authFailuresThrottled(keyId);
      if (throttled) throw throttled;
    }
    this.hashVerifications.inc();
    if (!(await verifyApiKey(key, hash))) return false;
    if (this.verifiedKeys.size >= VERIFIED_KEYS_KEPT) {
      const oldest = this.verifiedKeys.values().next().value;
      if (oldest !== undefined) this.verifiedKeys.delete(oldest);
    }
    this.verifiedKeys.add(fingerprint);
    return true;
  }

  /** Counts a failure under `keyId`: 401, or 429 once failures under it are too many. */
  private async failure(keyId: string): Promise<Error> {
    return (await this.limits.noteAuthFailure(keyId)) ?? invalidKey();
  }

  private noteUse(apiKeyId: string, now: Date): void {
    const last = this.lastUsedWrites.get(apiKeyId);
    if (last !== undefined && now.getTime() - last < LAST_USED_EVERY_MS) return;
    this.lastUsedWrites.set(apiKeyId, now.getTime());
    // The condition keeps other replicas to one write a minute as well; nobody waits for it.
    this.dataSource
      .query(
        `UPDATE api_keys SET last_used_at = $2 WHERE id = $1
         AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
        [apiKeyId, now],
      )
      .catch((error: unknown) => this.logger.warn(`could not record key use: ${String(error)}`));
  }
}
