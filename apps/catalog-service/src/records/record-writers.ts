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
@Injectable()
export class RecordWriters {
  private readonly writers: { [E in EntityType]: AnyWriter };

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
  ): Promise<RecordByEntityType[E]> {
    return this.of(entityType).create(manager, tenantId, this.inputOf(entityType, content, null), {
      origin,
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
  ): Promise<StoredChange<E>> {
    const loaded = await this.read(manager, entityType, tenantId, id, true);
    if (!loaded) {
      throw new ValidationError(ValidationErrorCode.UNPROCESSABLE, `No live ${entityType} ${id}`);
    }
    const input = this.inputOf(entityType, content, loaded);
    const stored = await this.of(entityType).update(manager, loaded, input, {
      origin,
      resyncSystem,
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
    return this.of(entityType).read(manager, tenantId, id, { live, lock: true });
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
