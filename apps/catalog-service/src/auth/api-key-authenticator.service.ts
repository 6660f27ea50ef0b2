import { createHash } from 'node:crypto';

import { parseApiKey, verifyApiKey } from '@concord/auth';
import { AuthError, AuthErrorCode } from '@concord/errors';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { ApiKeyEntity } from '../api-keys/api-key.entity';
import type { ApiKeyPrincipal } from './principal';

const LAST_USED_EVERY_MS = 60_000;
/** Verified keys remembered per process (oldest forgotten first). */
const VERIFIED_KEYS_KEPT = 10_000;

function invalidKey(): AuthError {
  return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Invalid API key');
}

/** Resolves a tenant API key to its principal: the tenant and the scopes it grants. */
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

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async authenticate(key: string, now = new Date()): Promise<ApiKeyPrincipal> {
    let keyId: string;
    try {
      ({ keyId } = parseApiKey(key));
    } catch {
      throw invalidKey();
    }
    const stored = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ keyId });
    if (!stored || !(await this.verify(key, stored.hash))) throw invalidKey();
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

  private async verify(key: string, hash: string): Promise<boolean> {
    const fingerprint = createHash('sha256').update(key).update('\0').update(hash).digest('hex');
    if (this.verifiedKeys.has(fingerprint)) return true;
    if (!(await verifyApiKey(key, hash))) return false;
    if (this.verifiedKeys.size >= VERIFIED_KEYS_KEPT) {
      const oldest = this.verifiedKeys.values().next().value;
      if (oldest !== undefined) this.verifiedKeys.delete(oldest);
    }
    this.verifiedKeys.add(fingerprint);
    return true;
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
