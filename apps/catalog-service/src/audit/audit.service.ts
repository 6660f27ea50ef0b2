import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { decodeCursor, encodeCursor } from '../records/record-cursor';
import { DEFAULT_PAGE_SIZE, type RecordPage } from '../records/record-list';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditEntryInput {
  tenantId: string;
  actor: string;
  /** e.g. `tenant.created`, `api-key.revoked`. */
  action: string;
  targetType: string;
  targetId: string;
  /** Never secrets. */
  details?: Record<string, unknown>;
}

export interface AuditEntryView {
  id: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  createdAt: string;
}

/** Who changed which configuration when; written in the same transaction as the change. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, input: AuditEntryInput): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (id, tenant_id, actor, action, target_type, target_id, details, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
      [
        randomUUID(),
        input.tenantId,
        input.actor,
        input.action,
        input.targetType,
        input.targetId,
        JSON.stringify(input.details ?? {}),
        new Date(),
      ],
    );
  }

  /** Newest first. */
  async list(
    tenantId: string,
    params: { limit?: number; cursor?: string },
  ): Promise<RecordPage<AuditEntryView>> {
    const limit = params.limit ?? DEFAULT_PAGE_SIZE;
    const query = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .where('a.tenant_id = :tenantId', { tenantId });
    if (params.cursor !== undefined) {
      const cursor = decodeCursor(params.cursor);
      query.andWhere('(a.created_at, a.id) < (:createdAt, :id)', {
        createdAt: new Date(cursor.updatedAt),
        id: cursor.id,
      });
    }
    const rows = await query
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((row) => ({
        id: row.id,
        actor: row.actor,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        details: row.details,
        createdAt: row.createdAt.toISOString(),
      })),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ updatedAt: last.createdAt.toISOString(), id: last.id })
          : null,
    };
  }
}
