import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import type { IdempotencyClaim } from './idempotency-claim';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

/** The stored keys and responses (`idempotency_keys`). */
@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(tenantId: string, key: string): Promise<IdempotencyKeyEntity | null> {
    return this.dataSource.getRepository(IdempotencyKeyEntity).findOneBy({ tenantId, key });
  }
}

/**
 * The INSERT of a claim's row with its response, as a statement (or a CTE of one) whose
 * parameters start after `params`' current ones. `responseSql` is an SQL expression giving the
 * response body as jsonb. A plain INSERT: a key already taken fails the whole statement.
 */
export function claimInsertSql(
  claim: IdempotencyClaim,
  params: unknown[],
  responseSql: string,
  fromSql = '',
): string {
  const p = (value: unknown): string => `$${params.push(value)}`;
  return `INSERT INTO idempotency_keys
      (tenant_id, key, method, path, request_hash, response_status, response_body, created_at)
    SELECT ${p(claim.tenantId)}, ${p(claim.key)}, ${p(claim.method)}, ${p(claim.path)},
      ${p(claim.requestHash)}, ${p(claim.status)}::int, ${responseSql}, now() ${fromSql}`;
}
