import type { CatalogOperation, EntityType, Origin, RecordByEntityType } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { type EntityManager, type EntityTarget, type FindOptionsWhere, IsNull } from 'typeorm';

import { currentIdempotencyClaim, type IdempotencyClaim } from '../idempotency/idempotency-claim';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import { assertVersion } from './if-match';
import type { RecordColumns } from './record-columns';
import { recordNotFound } from './record-not-found';
import {
  type ExtraCte,
  type RowWrite,
  storeClaimOnly,
  writeRecordStatement,
} from './record-statement';

export interface RecordWrite<E extends EntityType, T extends RecordColumns> {
  entityType: E;
  target: EntityTarget<T>;
  entity: T;
  write: RowWrite;
  /** For an update or delete: the version read before the change (the row must still be at it). */
  readVersion?: number;
  operation: CatalogOperation;
  changedFields: string[];
  /** The record as the entity makes it (called before the write, and after with the DB times). */
  toRecord: (entity: T) => RecordByEntityType[E];
  origin?: Origin;
  /** See WriteOptions.clockTime. */
  clockTime?: Date;
  extraHeaders?: Record<string, string>;
  extras?: ExtraCte[];
}

/** Attempts of a write without If-Match that keeps finding its record changed under it. */
const ATTEMPTS = 10;

/**
 * The one way a catalog record is written, by the REST API and the inbound applier alike: one
 * statement per change (records/record-statement.ts) holding the row, its validated catalog event
 * (OutboxWriter.prepare), the field clocks and, when the request sent one, the Idempotency-Key's
 * row. Over REST the statement is its own transaction; the applier runs it in its transaction.
 */
@Injectable()
export class RecordWrites {
  private readonly usedClaims = new WeakSet<IdempotencyClaim>();

  constructor(private readonly outbox: OutboxWriter) {}

  /** Writes the change; null when an update or delete found its record moved past `readVersion`. */
  async write<E extends EntityType, T extends RecordColumns>(
    manager: EntityManager,
    change: RecordWrite<E, T>,
  ): Promise<RecordByEntityType[E] | null> {
    const { entity } = change;
    // Placeholders until the database's clock replaces them (the event is validated with them).
    const placeholder = new Date();
    if (change.write === 'insert') entity.createdAt = placeholder;
    entity.updatedAt = placeholder;
    if (change.write === 'delete') entity.deletedAt = placeholder;
    const event = this.outbox.prepare({
      entityType: change.entityType,
      operation: change.operation,
      record: change.toRecord(entity),
      changedFields: change.changedFields,
      origin: change.origin,
      clockTime: change.clockTime,
      extraHeaders: change.extraHeaders,
    });
    const claim = this.pendingClaim();
    const written = await writeRecordStatement(manager, {
      target: change.target,
      entity,
      write: change.write,
      readVersion: change.readVersion,
      event,
      extras: change.extras,
      claim,
    });
    if (!written) return null;
    if (claim) this.usedClaims.add(claim);
    return change.toRecord(entity);
  }

  /** A request that changed nothing: its Idempotency-Key (if any) still keeps this response. */
  async unchanged<R>(manager: EntityManager, response: R): Promise<R> {
    const claim = this.pendingClaim();
    if (claim) {
      await storeClaimOnly(manager, claim, response);
      this.usedClaims.add(claim);
    }
    return response;
  }

  /**
   * Runs `attempt` on the live record until its write lands: `attempt` returns null when the
   * record moved on under it, and the next attempt reads it again (a 404 once it is gone, a 412
   * once it is no longer at `expectedVersion`). `read` gives the live record or null.
   */
  async onLiveRecord<L extends { version: number }, R>(
    entityType: EntityType,
    key: { id: string; expectedVersion?: number },
    read: () => Promise<L | null>,
    attempt: (loaded: L) => Promise<R | null>,
  ): Promise<R> {
    for (let i = 1; ; i += 1) {
      const loaded = await read();
      if (!loaded) throw recordNotFound(entityType, key.id);
      assertVersion(loaded.version, key.expectedVersion);
      const result = await attempt(loaded);
      if (result !== null) return result;
      if (i >= ATTEMPTS) throw new Error(`${entityType} ${key.id} kept changing; gave up`);
    }
  }

  /** The request's claim until a write stored it: a second write does not insert it again. */
  private pendingClaim(): IdempotencyClaim | undefined {
    const claim = currentIdempotencyClaim();
    return claim && !this.usedClaims.has(claim) ? claim : undefined;
  }
}

/** The live (not deleted) row of a record, read without a lock, or null. */
export function liveRow<T extends RecordColumns>(
  manager: EntityManager,
  target: EntityTarget<T>,
  tenantId: string,
  id: string,
): () => Promise<T | null> {
  return () =>
    manager
      .getRepository(target)
      .findOneBy({ tenantId, id, deletedAt: IsNull() } as FindOptionsWhere<T>);
}
