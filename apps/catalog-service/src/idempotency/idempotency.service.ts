import { createHash } from 'node:crypto';

import { ValidationError, ValidationErrorCode } from '@concord/errors';
import { canonicalJson } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { IdempotencyKeyEntity } from './idempotency-key.entity';

/** Printable ASCII without spaces, as Stripe accepts; long enough for a UUID or a hash. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentRequest {
  tenantId: string;
  /** The `Idempotency-Key` header; without it the request simply runs in a transaction. */
  key: string | undefined;
  method: string;
  path: string;
  body: unknown;
}

export interface StoredResponse<T> {
  status: number;
  body: T;
  /** True when this is the stored response of an earlier request with the same key. */
  replayed: boolean;
}

export function idempotencyRequestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

/**
 * Runs a write once per `Idempotency-Key`: the key row is inserted first in the write's own
 * transaction, so a concurrent duplicate waits on its primary key and then replays the committed
 * response, and a failed write leaves no key behind. Only successful responses are stored.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute<T>(
    request: IdempotentRequest,
    write: (manager: EntityManager) => Promise<{ status: number; body: T }>,
  ): Promise<StoredResponse<T>> {
    const { key } = request;
    if (key === undefined) {
      return this.dataSource.transaction(async (manager) => ({
        ...(await write(manager)),
        replayed: false,
      }));
    }
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new ValidationError(ValidationErrorCode.INVALID_INPUT, 'Invalid Idempotency-Key', [
        { field: 'Idempotency-Key', message: 'must be 1 to 255 printable characters' },
      ]);
    }
    const requestHash = idempotencyRequestHash(request.method, request.path, request.body);
    return this.dataSource.transaction(async (manager) => {
      const claimed: unknown[] = await manager.query(
        `INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (tenant_id, key) DO NOTHING RETURNING key`,
        [request.tenantId, key, request.method, request.path, requestHash],
      );
      if (claimed.length === 0) return this.replay<T>(manager, request.tenantId, key, requestHash);
      const response = await write(manager);
      await manager.update(
        IdempotencyKeyEntity,
        { tenantId: request.tenantId, key },
        { responseStatus: response.status, responseBody: response.body as object },
      );
      return { ...response, replayed: false };
    });
  }

  private async replay<T>(
    manager: EntityManager,
    tenantId: string,
    key: string,
    requestHash: string,
  ): Promise<StoredResponse<T>> {
    const stored = await manager.findOneByOrFail(IdempotencyKeyEntity, { tenantId, key });
    if (stored.requestHash !== requestHash || stored.responseStatus === null) {
      throw new ValidationError(
        ValidationErrorCode.UNPROCESSABLE,
        `Idempotency-Key "${key}" was already used for a different request`,
        [
          {
            field: 'Idempotency-Key',
            message: 'was already used with another method, path or body',
          },
        ],
      );
    }
    return { status: stored.responseStatus, body: stored.responseBody as T, replayed: true };
  }
}
