import { ValidationError, ValidationErrorCode } from '@concord/errors';
import type { EntityType } from '@concord/model';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { decodeCursor, encodeCursor } from './record-cursor';
import type { RecordListQueryDto } from './record-list-query.dto';

export const DEFAULT_PAGE_SIZE = 20;

export interface RecordPage<T> {
  data: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

interface Paged {
  id: string;
  updatedAt: Date;
}

/**
 * `q` of a record list: the record's text columns containing it, case-insensitively; `%`, `_`
 * and `\` in it are matched as themselves. A search box for people, not an index-backed lookup:
 * it scans the tenant's records in list order until a page is full.
 */
export function whereTextContains<E extends ObjectLiteral>(
  query: SelectQueryBuilder<E>,
  columns: readonly string[],
  text: string | undefined,
): void {
  if (text === undefined || text.trim() === '') return;
  const pattern = `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const anyColumn = columns.map((column) => `${column} ILIKE :textSearch`).join(' OR ');
  query.andWhere(`(${anyColumn})`, { textSearch: pattern });
}

/**
 * Applies the filters every record list shares (tenant, deleted, updatedSince, external link,
 * cursor) to a query over `alias`, orders by (updated_at, id) and fetches one page. Ascending
 * order makes the list a change feed: a record changed while paging reappears at the end.
 */
export async function fetchRecordPage<E extends ObjectLiteral & Paged>(
  query: SelectQueryBuilder<E>,
  alias: string,
  entityType: EntityType,
  tenantId: string,
  params: RecordListQueryDto,
): Promise<{ rows: E[]; nextCursor: string | null }> {
  if (params.externalId !== undefined && params.system === undefined) {
    throw new ValidationError(ValidationErrorCode.INVALID_INPUT, 'externalId needs system', [
      { field: 'system', message: 'is required with externalId' },
    ]);
  }
  const limit = params.limit ?? DEFAULT_PAGE_SIZE;
  query.andWhere(`${alias}.tenant_id = :tenantId`, { tenantId });
  if (!params.includeDeleted) query.andWhere(`${alias}.deleted_at IS NULL`);
  if (params.updatedSince !== undefined) {
    query.andWhere(`${alias}.updated_at >= :updatedSince`, {
      updatedSince: new Date(params.updatedSince),
    });
  }
  if (params.system !== undefined) {
    const externalId = params.externalId === undefined ? '' : 'AND l.external_id = :externalId';
    query.andWhere(
      `EXISTS (SELECT 1 FROM identity_links l WHERE l.tenant_id = ${alias}.tenant_id
        AND l.entity_type = :linkEntityType AND l.entity_id = ${alias}.id
        AND l.system = :system ${externalId})`,
      { linkEntityType: entityType, system: params.system, externalId: params.externalId },
    );
  }
  if (params.cursor !== undefined) {
    const cursor = decodeCursor(params.cursor);
    query.andWhere(`(${alias}.updated_at, ${alias}.id) > (:cursorUpdatedAt, :cursorId)`, {
      cursorUpdatedAt: new Date(cursor.updatedAt),
      cursorId: cursor.id,
    });
  }
  const rows = await query
    .orderBy(`${alias}.updated_at`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .limit(limit + 1)
    .getMany();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ updatedAt: last.updatedAt.toISOString(), id: last.id })
      : null;
  return { rows: page, nextCursor };
}
