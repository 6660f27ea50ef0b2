import { randomUUID } from 'node:crypto';

import { ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  CATALOG_ORIGIN,
  type CatalogOperation,
  type ContentByEntityType,
  contentOf,
  type CustomerContent,
  type EntityType,
  type InvoiceContent,
  MessageHeaders,
  type Origin,
  type ProductContent,
  type RecordByEntityType,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { CustomerEntity } from '../customers/customer.entity';
import { CUSTOMER_FIELDS, toCustomerRecord } from '../customers/customer.mapper';
import { InvoiceEntity } from '../invoices/invoice.entity';
import { INVOICE_FIELDS, toInvoiceRecord } from '../invoices/invoice.mapper';
import { InvoiceLineEntity } from '../invoices/invoice-line.entity';
import { invoiceReferenceErrors, priceInvoiceLines } from '../invoices/invoice-lines';
import { withUniqueInvoiceNumber } from '../invoices/invoice-number';
import { OutboxWriter } from '../outbox/outbox-writer.service';
import { ProductEntity } from '../products/product.entity';
import { applyUnitPrice, PRODUCT_FIELDS, toProductRecord } from '../products/product.mapper';
import { changedFields } from '../records/changed-fields';
import { insertRecordRow, updateRecordRow } from '../records/record-rows';

export interface StoredChange<E extends EntityType> {
  record: RecordByEntityType[E];
  /** Content fields that changed; empty when nothing did (no new version, no event). */
  changedFields: string[];
}

const FIELDS: { [E in EntityType]: readonly string[] } = {
  customer: CUSTOMER_FIELDS,
  product: PRODUCT_FIELDS,
  invoice: INVOICE_FIELDS,
};

const ENTITY = { customer: CustomerEntity, product: ProductEntity, invoice: InvoiceEntity };

/**
 * Catalog records as the inbound applier writes them: on the caller's transaction, on the record
 * tables and entity mappers of the REST API, each change published with its `origin` through the
 * same OutboxWriter (one version and one catalog event per real change).
 */
@Injectable()
export class CatalogRecordStore {
  constructor(private readonly outbox: OutboxWriter) {}

  /** The record (deleted ones too), locked until the transaction ends; null if there is none. */
  async lock<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    id: string,
  ): Promise<RecordByEntityType[E] | null> {
    const entity = await manager.getRepository(ENTITY[entityType]).findOne({
      where: { tenantId, id },
      lock: { mode: 'for_no_key_update' },
    });
    if (!entity) return null;
    return this.toRecord(manager, entityType, entity);
  }

  async create<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    content: ContentByEntityType[E],
    origin: Origin,
  ): Promise<RecordByEntityType[E]> {
    const meta = { id: randomUUID(), tenantId, version: 1 };
    const entity = manager.create(ENTITY[entityType], { ...meta, deletedAt: null });
    const lines = await this.assign(manager, entityType, entity, content, []);
    await this.writeRow(entity, () => insertRecordRow(manager, ENTITY[entityType], entity));
    if (lines.length > 0) await manager.insert(InvoiceLineEntity, lines);
    const record = await this.toRecord(manager, entityType, entity, lines);
    await this.publish(manager, entityType, 'created', record, [...FIELDS[entityType]], origin);
    return record;
  }

  /**
   * Sets the record's content to `content`; a change bumps the version and publishes. With
   * `resyncSystem`, the event asks that system's connector to write it even though it comes
   * from that system (its value, which Concord's own write replaced there).
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
    const entity = await this.lockEntity(manager, entityType, tenantId, id);
    const currentLines = await this.linesOf(manager, entityType, id);
    const before = await this.toRecord(manager, entityType, entity, currentLines);
    const lines = await this.assign(manager, entityType, entity, content, currentLines);
    const after = await this.toRecord(manager, entityType, entity, lines);
    const changed = changedFields(
      contentOf(entityType, before) as Record<string, unknown>,
      contentOf(entityType, after) as Record<string, unknown>,
      FIELDS[entityType],
    );
    if (changed.length === 0) return { record: before, changedFields: [] };
    entity.version += 1;
    await this.writeRow(entity, () => updateRecordRow(manager, ENTITY[entityType], entity));
    if (changed.includes('lines')) {
      await manager.delete(InvoiceLineEntity, { invoiceId: id });
      if (lines.length > 0) await manager.insert(InvoiceLineEntity, lines);
    }
    const record = await this.toRecord(manager, entityType, entity, lines);
    await this.publish(manager, entityType, 'updated', record, changed, origin, resyncSystem);
    return { record, changedFields: changed };
  }

  async softDelete<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    id: string,
    origin: Origin,
  ): Promise<RecordByEntityType[E]> {
    const entity = await this.lockEntity(manager, entityType, tenantId, id);
    entity.version += 1;
    await updateRecordRow(manager, ENTITY[entityType], entity, 'delete');
    const record = await this.toRecord(manager, entityType, entity);
    await this.publish(manager, entityType, 'deleted', record, [], origin);
    return record;
  }

  /**
   * A new version of the record with the same content (undeleted if it was deleted), published as
   * an update of `fields` with the resync header for `system`: that system's connector writes it
   * even when it believes the external record already holds it.
   */
  async resync<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    tenantId: string,
    id: string,
    fields: string[],
    system: string,
  ): Promise<RecordByEntityType[E]> {
    const entity = await manager.getRepository(ENTITY[entityType]).findOne({
      where: { tenantId, id },
      lock: { mode: 'for_no_key_update' },
    });
    if (!entity) {
      throw new ValidationError(ValidationErrorCode.UNPROCESSABLE, `No ${entityType} ${id}`);
    }
    entity.version += 1;
    entity.deletedAt = null;
    await updateRecordRow(manager, ENTITY[entityType], entity);
    const record = await this.toRecord(manager, entityType, entity);
    await this.outbox.append(manager, {
      entityType,
      operation: 'updated',
      record,
      changedFields: fields,
      origin: CATALOG_ORIGIN,
      extraHeaders: { [MessageHeaders.resync]: system },
    });
    return record;
  }

  /** A record row's write, with an invoice number clash mapped as the REST API maps it. */
  private writeRow(
    entity: CustomerEntity | ProductEntity | InvoiceEntity,
    write: () => Promise<void>,
  ): Promise<void> {
    return entity instanceof InvoiceEntity
      ? withUniqueInvoiceNumber(entity.number, write)
      : write();
  }

  private async lockEntity(
    manager: EntityManager,
    entityType: EntityType,
    tenantId: string,
    id: string,
  ): Promise<CustomerEntity | ProductEntity | InvoiceEntity> {
    const entity = await manager.getRepository(ENTITY[entityType]).findOne({
      where: { tenantId, id },
      lock: { mode: 'for_no_key_update' },
    });
    if (!entity || entity.deletedAt !== null) {
      throw new ValidationError(ValidationErrorCode.UNPROCESSABLE, `No live ${entityType} ${id}`);
    }
    return entity;
  }

  /** Copies content onto the entity; for invoices returns the priced lines (totals computed). */
  private async assign(
    manager: EntityManager,
    entityType: EntityType,
    entity: CustomerEntity | ProductEntity | InvoiceEntity,
    content: ContentByEntityType[EntityType],
    currentLines: InvoiceLineEntity[],
  ): Promise<InvoiceLineEntity[]> {
    if (entityType === 'customer') {
      Object.assign(entity as CustomerEntity, content as CustomerContent);
      return [];
    }
    if (entityType === 'product') {
      const { unitPrice, ...rest } = content as ProductContent;
      Object.assign(entity as ProductEntity, rest);
      applyUnitPrice(entity as ProductEntity, unitPrice);
      return [];
    }
    const invoice = entity as InvoiceEntity;
    const { lines, subtotal: _subtotal, total: _total, ...fields } = content as InvoiceContent;
    const customerChanged = invoice.customerId !== fields.customerId;
    Object.assign(invoice, fields);
    const existing = new Set(currentLines.map((line) => line.id));
    const errors: Array<{ field: string; message: string }> = [];
    const priced = priceInvoiceLines(
      invoice,
      lines.map((line) => ({
        ...(existing.has(line.id) ? { id: line.id } : {}),
        productId: line.productId,
        description: line.description,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
      })),
      existing,
      errors,
    );
    invoice.subtotal = priced.subtotal;
    invoice.total = priced.total;
    errors.push(
      ...(await invoiceReferenceErrors(
        manager,
        invoice.tenantId,
        customerChanged ? invoice.customerId : undefined,
        priced.lines,
      )),
    );
    if (errors.length > 0) {
      throw new ValidationError(
        ValidationErrorCode.UNPROCESSABLE,
        `Invalid invoice: ${errors.map((e) => e.field).join(', ')}`,
        errors,
      );
    }
    return priced.lines;
  }

  private async linesOf(
    manager: EntityManager,
    entityType: EntityType,
    invoiceId: string,
  ): Promise<InvoiceLineEntity[]> {
    if (entityType !== 'invoice') return [];
    return manager.find(InvoiceLineEntity, { where: { invoiceId }, order: { position: 'ASC' } });
  }

  private async toRecord<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    entity: CustomerEntity | ProductEntity | InvoiceEntity,
    lines?: InvoiceLineEntity[],
  ): Promise<RecordByEntityType[E]> {
    if (entityType === 'customer') {
      return toCustomerRecord(entity as CustomerEntity) as RecordByEntityType[E];
    }
    if (entityType === 'product') {
      return toProductRecord(entity as ProductEntity) as RecordByEntityType[E];
    }
    const invoiceLines = lines ?? (await this.linesOf(manager, 'invoice', entity.id));
    return toInvoiceRecord(entity as InvoiceEntity, invoiceLines) as RecordByEntityType[E];
  }

  private async publish<E extends EntityType>(
    manager: EntityManager,
    entityType: E,
    operation: CatalogOperation,
    record: RecordByEntityType[E],
    changed: string[],
    origin: Origin,
    resyncSystem?: string,
  ): Promise<void> {
    await this.outbox.append(manager, {
      entityType,
      operation,
      record,
      changedFields: changed,
      origin,
      ...(resyncSystem === undefined
        ? {}
        : { extraHeaders: { [MessageHeaders.resync]: resyncSystem } }),
    });
  }
}
