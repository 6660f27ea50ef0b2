import { ValidationError, ValidationErrorCode } from '@concord/errors';
import type {
  ContentByEntityType,
  EntityType,
  InvoiceContent,
  Origin,
  RecordByEntityType,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { CustomerWriter } from '../customers/customer.writer';
import { type InvoiceInput, InvoiceWriter } from '../invoices/invoice.writer';
import type { LoadedInvoice } from '../invoices/invoice-reader';
import { ProductWriter } from '../products/product.writer';
import type { LoadedRecord, RecordWriter, StoredChange } from './record-writer';

type AnyWriter = RecordWriter<EntityType, object, LoadedRecord>;

/** An invoice's content as a writer input: a line keeps its id only if it is a line already. */
function invoiceInputOf(content: InvoiceContent, current: LoadedInvoice | null): InvoiceInput {
  const { lines, subtotal: _subtotal, total: _total, ...fields } = content;
  const existing = new Set(current?.lines.map((line) => line.id) ?? []);
  return {
    ...fields,
    lines: lines.map((line) => ({
      ...(existing.has(line.id) ? { id: line.id } : {}),
      productId: line.productId,
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
    })),
  };
}

/**
 * The registry of record writers: one per entity type (CustomerWriter, ProductWriter,
 * InvoiceWriter), the same ones the REST services use. The inbound applier, conflict resolution
 * and held deletes write through it, in their own transaction, on rows they lock first, with the
 * external system as the change's origin.
 */
const cacheKeyOf = (entityType: EntityType, tenantId: string, id: string): string =>
  [entityType, tenantId, id].join('\u0000');

@Injectable()
export class RecordWriters {
  private readonly writers: { [E in EntityType]: AnyWriter };
  /** Per batch transaction: records read and locked at its start, until written. */
  private readonly prefetched = new WeakMap<EntityManager, Map<string, LoadedRecord>>();

  constructor(customers: CustomerWriter, products: ProductWriter, invoices: InvoiceWriter) {
    this.writers = {
      customer: customers as unknown as AnyWriter,
      product: products as unknown as AnyWriter,
      invoice: invoices as unknown as AnyWriter,
    };
  }

  of(entityType: EntityType): AnyWriter {
    return this.writers[entityType];
  }

  /** Records of one type and tenant (deleted ones too) in one query, locking nothing. */
  async readMany<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    ids: readonly string[],
  ): Promise<Array<RecordByEntityType[E]>> {
    const writer = this.of(entityType);
    const loaded = await writer.readMany(manager, tenantId, ids, { live: false });
    return loaded.map((one) => writer.recordOf(one) as RecordByEntityType[E]);
  }

  /**
   * Reads and locks records of a batch in one query per type and tenant; `lock`, `update`,
   * `softDelete` and `resync` in the same transaction read them from there until they write them.
   */
  async prefetch(
    manager: EntityManager,
    keys: ReadonlyArray<{ entityType: EntityType; tenantId: string; id: string }>,
  ): Promise<void> {
    const cache = this.prefetched.get(manager) ?? new Map<string, LoadedRecord>();
    this.prefetched.set(manager, cache);
    const groups = new Map<string, { entityType: EntityType; tenantId: string; ids: string[] }>();
    for (const key of keys) {
      const group = `${key.entityType}\u0000${key.tenantId}`;
      const ids = groups.get(group)?.ids ?? [];
      if (!groups.has(group)) groups.set(group, { ...key, ids });
      if (!ids.includes(key.id)) ids.push(key.id);
    }
    for (const { entityType, tenantId, ids } of groups.values()) {
      const loaded = await this.of(entityType).readMany(manager, tenantId, ids.sort(), {
        live: false,
        lock: true,
      });
      for (const one of loaded) cache.set(cacheKeyOf(entityType, tenantId, one.entity.id), one);
    }
  }

  endPrefetch(manager: EntityManager): void {
    this.prefetched.delete(manager);
  }

  /** The record (deleted ones too), locked until the transaction ends; null if there is none. */
  async lock<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    id: string,
  ): Promise<RecordByEntityType[E] | null> {
    const loaded = await this.read(manager, entityType, tenantId, id, false);
    return loaded && (this.of(entityType).recordOf(loaded) as RecordByEntityType[E]);
  }

  create<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    content: ContentByEntityType[E],
    origin: Origin,
    clockTime?: Date,
  ): Promise<RecordByEntityType[E]> {
    return this.of(entityType).create(manager, tenantId, this.inputOf(entityType, content, null), {
      origin,
      clockTime,
    }) as Promise<RecordByEntityType[E]>;
  }

  /**
   * Sets the live record's content to `content`; a change bumps the version and publishes (with
   * the resync header for `resyncSystem`, when given).
   */
  async update<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    id: string,
    content: ContentByEntityType[E],
    origin: Origin,
    resyncSystem?: string,
    clockTime?: Date,
  ): Promise<StoredChange<E>> {
    const loaded = await this.read(manager, entityType, tenantId, id, true);
    if (!loaded) {
      throw new ValidationError(ValidationErrorCode.UNPROCESSABLE, `No live ${entityType} ${id}`);
    }
    const input = this.inputOf(entityType, content, loaded);
    this.forget(manager, entityType, tenantId, id);
    const stored = await this.of(entityType).update(manager, loaded, input, {
      origin,
      resyncSystem,
      clockTime,
    });
    return this.landed(stored, entityType, id) as StoredChange<E>;
  }

  async softDelete<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    id: string,
    origin: Origin,
  ): Promise<RecordByEntityType[E]> {
    const loaded = await this.read(manager, entityType, tenantId, id, true);
    if (!loaded) {
      throw new ValidationError(ValidationErrorCode.UNPROCESSABLE, `No live ${entityType} ${id}`);
    }
    this.forget(manager, entityType, tenantId, id);
    const record = await this.of(entityType).remove(manager, loaded, { origin });
    return this.landed(record, entityType, id) as RecordByEntityType[E];
  }

  /** A new version with the same content (undeleted), published with the resync header. */
  async resync<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    id: string,
    fields: string[],
    system: string,
  ): Promise<RecordByEntityType[E]> {
    const loaded = await this.read(manager, entityType, tenantId, id, false);
    if (!loaded) {
      throw new ValidationError(ValidationErrorCode.UNPROCESSABLE, `No ${entityType} ${id}`);
    }
    this.forget(manager, entityType, tenantId, id);
    const record = await this.of(entityType).resync(manager, loaded, fields, system);
    return this.landed(record, entityType, id) as RecordByEntityType[E];
  }

  private read(
    manager: EntityManager,
    entityType: EntityType,
    tenantId: string,
    id: string,
    live: boolean,
  ): Promise<LoadedRecord | null> {
    const cached = this.prefetched.get(manager)?.get(cacheKeyOf(entityType, tenantId, id));
    if (cached) return Promise.resolve(live && cached.entity.deletedAt !== null ? null : cached);
    return this.of(entityType).read(manager, tenantId, id, { live, lock: true });
  }

  /** A record about to be written is read from the database again afterwards. */
  private forget(manager: EntityManager, entityType: EntityType, tenantId: string, id: string) {
    this.prefetched.get(manager)?.delete(cacheKeyOf(entityType, tenantId, id));
  }

  private inputOf(
    entityType: EntityType,
    content: ContentByEntityType[EntityType],
    current: LoadedRecord | null,
  ): object {
    return entityType === 'invoice'
      ? invoiceInputOf(content as InvoiceContent, current as LoadedInvoice | null)
      : content;
  }

  /** Under the row lock taken by `read`, a write always finds the version it read. */
  private landed<R>(result: R | null, entityType: EntityType, id: string): R {
    if (result === null) throw new Error(`${entityType} ${id} changed under its row lock`);
    return result;
  }
}
