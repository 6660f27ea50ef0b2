import { randomUUID } from 'node:crypto';

import {
  CATALOG_ORIGIN,
  type ContentByEntityType,
  contentOf,
  type EntityType,
  MessageHeaders,
  type RecordByEntityType,
} from '@concord/model';
import {
  type EntityManager,
  type EntityTarget,
  type FindOptionsOrder,
  type FindOptionsWhere,
  In,
  IsNull,
} from 'typeorm';

import { changedFields } from './changed-fields';
import type { RecordColumns } from './record-columns';
import {
  type LoadedRecord,
  type ReadOptions,
  type RecordWriter,
  resyncHeaders,
  type StoredChange,
  type WriteOptions,
} from './record-writer';
import { RecordWrites } from './record-writes.service';

/**
 * The writer of a record kept in one row (customers, products): its content is copied onto the
 * row by `assign`; everything else is shared.
 */
export abstract class ColumnRecordWriter<
  E extends EntityType,
  T extends RecordColumns,
> implements RecordWriter<E, ContentByEntityType[E], LoadedRecord<T>> {
  abstract readonly entityType: E;
  protected abstract readonly target: EntityTarget<T>;
  protected abstract readonly fields: readonly string[];
  protected abstract toRecord(entity: T): RecordByEntityType[E];
  /** Copies content onto the row (only the keys given). */
  protected abstract assign(entity: T, content: Partial<ContentByEntityType[E]>): void;

  constructor(protected readonly writes: RecordWrites) {}

  async read(
    manager: EntityManager,
    tenantId: string,
    id: string,
    options: ReadOptions,
  ): Promise<LoadedRecord<T> | null> {
    const where = { tenantId, id, ...(options.live ? { deletedAt: IsNull() } : {}) };
    const entity = await manager.getRepository(this.target).findOne({
      where: where as FindOptionsWhere<T>,
      ...(options.lock ? { lock: { mode: 'for_no_key_update' as const } } : {}),
    });
    return entity ? { entity, version: entity.version } : null;
  }

  async readMany(
    manager: EntityManager,
    tenantId: string,
    ids: readonly string[],
    options: ReadOptions,
  ): Promise<Array<LoadedRecord<T>>> {
    if (ids.length === 0) return [];
    const where = { tenantId, id: In([...ids]), ...(options.live ? { deletedAt: IsNull() } : {}) };
    const entities = await manager.getRepository(this.target).find({
      where: where as FindOptionsWhere<T>,
      order: { id: 'ASC' } as FindOptionsOrder<T>,
      ...(options.lock ? { lock: { mode: 'for_no_key_update' as const } } : {}),
    });
    return entities.map((entity) => ({ entity, version: entity.version }));
  }

  recordOf(loaded: LoadedRecord<T>): RecordByEntityType[E] {
    return this.toRecord(loaded.entity);
  }

  async create(
    manager: EntityManager,
    tenantId: string,
    content: ContentByEntityType[E],
    options: WriteOptions = {},
  ): Promise<RecordByEntityType[E]> {
    const entity = manager.create(this.target, {
      id: randomUUID(),
      tenantId,
      version: 1,
      deletedAt: null,
    } as unknown as T);
    this.assign(entity, content);
    const record = await this.writes.write(manager, {
      ...this.kind(),
      entity,
      write: 'insert',
      operation: 'created',
      changedFields: [...this.fields],
      origin: options.origin,
      clockTime: options.clockTime,
    });
    if (!record) throw new Error(`${this.entityType} insert wrote no row`);
    return record;
  }

  async update(
    manager: EntityManager,
    loaded: LoadedRecord<T>,
    content: Partial<ContentByEntityType[E]>,
    options: WriteOptions = {},
  ): Promise<StoredChange<E> | null> {
    const { entity } = loaded;
    const before = this.toRecord(entity);
    this.assign(entity, content);
    const changed = changedFields(
      contentOf(this.entityType, before) as Record<string, unknown>,
      contentOf(this.entityType, this.toRecord(entity)) as Record<string, unknown>,
      this.fields,
    );
    // Nothing changed: no new version and no event.
    if (changed.length === 0) return { record: before, changedFields: [] };
    const readVersion = entity.version;
    entity.version += 1;
    const record = await this.writes.write(manager, {
      ...this.kind(),
      entity,
      write: 'update',
      readVersion,
      operation: 'updated',
      changedFields: changed,
      origin: options.origin,
      clockTime: options.clockTime,
      extraHeaders: resyncHeaders(options),
    });
    return record && { record, changedFields: changed };
  }

  remove(
    manager: EntityManager,
    loaded: LoadedRecord<T>,
    options: WriteOptions = {},
  ): Promise<RecordByEntityType[E] | null> {
    const { entity } = loaded;
    const readVersion = entity.version;
    entity.version += 1;
    return this.writes.write(manager, {
      ...this.kind(),
      entity,
      write: 'delete',
      readVersion,
      operation: 'deleted',
      changedFields: [],
      origin: options.origin,
      clockTime: options.clockTime,
    });
  }

  resync(
    manager: EntityManager,
    loaded: LoadedRecord<T>,
    fields: string[],
    system: string,
  ): Promise<RecordByEntityType[E] | null> {
    const { entity } = loaded;
    const readVersion = entity.version;
    entity.version += 1;
    entity.deletedAt = null;
    return this.writes.write(manager, {
      ...this.kind(),
      entity,
      write: 'update',
      readVersion,
      operation: 'updated',
      changedFields: fields,
      origin: CATALOG_ORIGIN,
      extraHeaders: { [MessageHeaders.resync]: system },
    });
  }

  private kind() {
    return {
      entityType: this.entityType,
      target: this.target,
      toRecord: (entity: T) => this.toRecord(entity),
    };
  }
}
