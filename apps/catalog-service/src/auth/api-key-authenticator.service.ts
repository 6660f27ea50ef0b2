import { parseApiKey, verifyApiKey } from '@concord/auth';
import { AuthError, AuthErrorCode } from '@concord/errors';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { ApiKeyEntity } from '../api-keys/api-key.entity';
import type { ApiKeyPrincipal } from './principal';

const LAST_USED_EVERY_MS = 60_000;

function invalidKey(): AuthError {
  return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Invalid API key');
}

/** Resolves a tenant API key to its principal: the tenant and the scopes it grants. */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  /** When this process last wrote each key's last_used_at, so busy keys cost one write a minute. */
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async authenticate(key: string, now = new Date()): Promise<ApiKeyPrincipal> {
    let keyId: string;
    try {
      ({ keyId } = parseApiKey(key));
    } catch {
      throw invalidKey();
    }
    const stored = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ keyId });
    if (!stored || !(await verifyApiKey(key, stored.hash))) throw invalidKey();
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
