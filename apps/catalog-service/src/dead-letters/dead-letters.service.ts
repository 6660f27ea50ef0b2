import { ConflictError, NotFoundError, NotFoundErrorCode } from '@concord/errors';
import { RetryHeaders } from '@concord/kafka';
import { DeadLetterHeaders } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { retryTopicOfGroup } from '../inbound/sync-topics';
import { SyncKafka } from '../kafka/sync-kafka.service';
import { DEFAULT_PAGE_SIZE, type RecordPage } from '../records/record-list';
import {
  type DeadLetterRecord,
  DeadLetterRepository,
  type DeadLetterStatus,
} from './dead-letter.repository';

/** Marks a replayed message, so the consumer's logs and a later dead letter can tell. */
export const REPLAYED_FROM_HEADER = 'x-replayed-from-dead-letter';
const LANE_HEADER = 'x-concord-lane';

const DROPPED_ON_REPLAY = new Set<string>([
  ...Object.values(DeadLetterHeaders),
  RetryHeaders.attempt,
  RetryHeaders.notBefore,
]);

function notFound(id: string): NotFoundError {
  return new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, `No dead letter ${id}`);
}

/**
 * The tenant's dead letters. A replay hands the original message back to the consumer that gave
 * up on it, on that consumer's own retry topic (a connector's `connector.<system>.retry.v1`, the
 * applier's `catalog.retry.v1`), never onto a shared catalog topic other consumers read.
 */
@Injectable()
export class DeadLettersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetterRepository,
    private readonly kafka: SyncKafka,
    private readonly audit: AuditService,
  ) {}

  list(
    tenantId: string,
    query: { status?: DeadLetterStatus; limit?: number; cursor?: string },
  ): Promise<RecordPage<DeadLetterRecord>> {
    return this.deadLetters.list(this.dataSource.manager, tenantId, {
      ...query,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
  }

  async get(tenantId: string, id: string): Promise<DeadLetterRecord> {
    const letter = await this.deadLetters.find(this.dataSource.manager, tenantId, id);
    if (!letter) throw notFound(id);
    return letter;
  }

  async replay(actor: string, tenantId: string, id: string): Promise<DeadLetterRecord> {
    return this.dataSource.transaction(async (manager) => {
      const letter = await this.openLetter(manager, tenantId, id);
      const retryTopic = retryTopicOfGroup(this.kafka.prefix, letter.consumerGroup);
      if (retryTopic === null) {
        throw new ConflictError(
          'NOT_REPLAYABLE',
          `Consumer group ${letter.consumerGroup} has no retry topic to replay to`,
        );
      }
      const headers = Object.fromEntries(
        Object.entries(letter.headers).filter(([name]) => !DROPPED_ON_REPLAY.has(name)),
      );
      await this.kafka.send(retryTopic, [
        {
          key: letter.key,
          value: letter.payload,
          headers: {
            ...headers,
            [RetryHeaders.originalTopic]: headers[RetryHeaders.originalTopic] ?? letter.topic,
            [REPLAYED_FROM_HEADER]: letter.id,
            [LANE_HEADER]: 'live',
          },
        },
      ]);
      await this.deadLetters.resolve(manager, id, 'replayed');
      await this.audit.record(manager, {
        tenantId,
        actor,
        action: 'dead-letter.replayed',
        targetType: 'dead-letter',
        targetId: id,
        details: {
          consumerGroup: letter.consumerGroup,
          originalTopic: letter.topic,
          retryTopic: this.kafka.topic(retryTopic),
        },
      });
      return { ...letter, status: 'replayed' as const, resolvedAt: new Date().toISOString() };
    });
  }

  async discard(actor: string, tenantId: string, id: string): Promise<DeadLetterRecord> {
    return this.dataSource.transaction(async (manager) => {
      const letter = await this.openLetter(manager, tenantId, id);
      await this.deadLetters.resolve(manager, id, 'discarded');
      await this.audit.record(manager, {
        tenantId,
        actor,
        action: 'dead-letter.discarded',
        targetType: 'dead-letter',
        targetId: id,
        details: { consumerGroup: letter.consumerGroup, originalTopic: letter.topic },
      });
      return { ...letter, status: 'discarded' as const, resolvedAt: new Date().toISOString() };
    });
  }

  private async openLetter(
    manager: Parameters<DeadLetterRepository['find']>[0],
    tenantId: string,
    id: string,
  ): Promise<DeadLetterRecord> {
    const letter = await this.deadLetters.find(manager, tenantId, id, { lock: true });
    if (!letter) throw notFound(id);
    if (letter.status !== 'open') {
      throw new ConflictError(
        'DEAD_LETTER_RESOLVED',
        `Dead letter ${id} is already ${letter.status}`,
      );
    }
    return letter;
  }
}
