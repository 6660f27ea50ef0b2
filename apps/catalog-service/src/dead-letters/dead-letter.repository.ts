import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { decodeCursor, encodeCursor, exactTimestampSql } from '../records/record-cursor';
import type { RecordPage } from '../records/record-list';

export type DeadLetterStatus = 'open' | 'replayed' | 'discarded';

export interface DeadLetterError {
  code: string;
  category: string;
  message: string;
  attempts: number | null;
  failedAt: string | null;
}

export interface DeadLetterRecord {
  id: string;
  tenantId: string | null;
  consumerGroup: string;
  /** Where the failed consumer read the message. */
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The original value, as it was. */
  payload: string | null;
  /** The original headers plus the `x-dlq-*` context. */
  headers: Record<string, string>;
  error: DeadLetterError;
  status: DeadLetterStatus;
  createdAt: string;
  resolvedAt: string | null;
}

interface Row {
  id: string;
  tenant_id: string | null;
  consumer_group: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  payload: string | null;
  headers: Record<string, string>;
  error: DeadLetterError;
  status: DeadLetterStatus;
  created_at: Date;
  resolved_at: Date | null;
}

const COLUMNS = `id, tenant_id, consumer_group, topic, partition, "offset", key, payload, headers,
  error, status, created_at, resolved_at`;

function toRecord(row: Row): DeadLetterRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    consumerGroup: row.consumer_group,
    topic: row.topic,
    partition: row.partition,
    offset: String(row.offset),
    key: row.key,
    payload: row.payload,
    headers: row.headers,
    error: row.error,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
}

@Injectable()
export class DeadLetterRepository {
  /** Stores a dead letter once: the same source message (group, topic, partition, offset) again is a no-op. */
  async store(
    manager: EntityManager,
    letter: Omit<DeadLetterRecord, 'id' | 'status' | 'createdAt' | 'resolvedAt'>,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO dead_letters (id, tenant_id, consumer_group, topic, partition, "offset", key,
         payload, headers, error, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, 'open', clock_timestamp())
       ON CONFLICT (consumer_group, topic, partition, "offset") DO NOTHING RETURNING 1`,
      [
        randomUUID(),
        letter.tenantId,
        letter.consumerGroup,
        letter.topic,
        letter.partition,
        letter.offset,
        letter.key,
        letter.payload,
        JSON.stringify(letter.headers),
        JSON.stringify(letter.error),
      ],
    );
    return rows.length === 1;
  }

  async find(
    manager: EntityManager,
    tenantId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<DeadLetterRecord | null> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM dead_letters WHERE tenant_id = $1 AND id = $2
       ${options.lock ? 'FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Newest first. */
  async list(
    manager: EntityManager,
    tenantId: string,
    query: { status?: DeadLetterStatus; limit: number; cursor?: string },
  ): Promise<RecordPage<DeadLetterRecord>> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    if (query.status !== undefined) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      params.push(cursor.updatedAt, cursor.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(query.limit + 1);
    const rows: Array<Row & { cursor_at: string }> = await manager.query(
      `SELECT ${COLUMNS}, ${exactTimestampSql('created_at')} AS cursor_at FROM dead_letters
       WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toRecord),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ updatedAt: last.cursor_at, id: last.id })
          : null,
    };
  }

  async resolve(
    manager: EntityManager,
    id: string,
    status: 'replayed' | 'discarded',
  ): Promise<void> {
    await manager.query('UPDATE dead_letters SET status = $2, resolved_at = now() WHERE id = $1', [
      id,
      status,
    ]);
  }
}
