import { randomUUID } from 'node:crypto';

import { type FieldError, ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  canChangeInvoiceStatus,
  contentOf,
  type Invoice,
  INVOICE_STATUS_TRANSITIONS,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';

import { OutboxWriter } from '../outbox/outbox-writer.service';
import { changedFields } from '../records/changed-fields';
import { assertVersion } from '../records/if-match';
import { fetchRecordPage, type RecordPage, whereTextContains } from '../records/record-list';
import { lockLiveRecord, recordNotFound } from '../records/record-not-found';
import { insertRecordRow, updateRecordRow } from '../records/record-rows';
import type { CreateInvoiceDto, InvoiceListQueryDto, UpdateInvoiceDto } from './invoice.dto';
import { InvoiceEntity } from './invoice.entity';
import { INVOICE_FIELDS, toInvoiceRecord } from './invoice.mapper';
import { InvoiceLineEntity } from './invoice-line.entity';
import { invoiceReferenceErrors, priceInvoiceLines } from './invoice-lines';
import { withUniqueInvoiceNumber } from './invoice-number';

function assertNoFieldErrors(errors: FieldError[]): void {
  if (errors.length > 0) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_INPUT,
      `Invalid invoice: ${errors.map((e) => e.field).join(', ')}`,
      errors,
    );
  }
}

/** Invoices with their lines; totals are always computed here, never taken from the client. */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(manager: EntityManager, tenantId: string, dto: CreateInvoiceDto): Promise<Invoice> {
    const entity = manager.create(InvoiceEntity, {
      id: randomUUID(),
      tenantId,
      version: 1,
      customerId: dto.customerId.toLowerCase(),
      number: dto.number,
      status: dto.status ?? 'draft',
      currency: dto.currency,
      issueDate: dto.issueDate,
      dueDate: dto.dueDate ?? null,
      metadata: dto.metadata ?? {},
      deletedAt: null,
    });
    const errors: FieldError[] = [];
    const priced = priceInvoiceLines(entity, dto.lines, new Set(), errors);
    errors.push(
      ...(await invoiceReferenceErrors(manager, tenantId, entity.customerId, priced.lines)),
    );
    assertNoFieldErrors(errors);
    entity.subtotal = priced.subtotal;
    entity.total = priced.total;
    await this.insertInvoice(manager, entity);
    if (priced.lines.length > 0) await manager.insert(InvoiceLineEntity, priced.lines);
    const record = toInvoiceRecord(entity, priced.lines);
    await this.outbox.append(manager, {
      entityType: 'invoice',
      operation: 'created',
      record,
      changedFields: [...INVOICE_FIELDS],
    });
    return record;
  }

  async get(tenantId: string, id: string, includeDeleted = false): Promise<Invoice> {
    const entity = await this.dataSource.getRepository(InvoiceEntity).findOneBy({ tenantId, id });
    if (!entity || (entity.deletedAt !== null && !includeDeleted)) {
      throw recordNotFound('invoice', id);
    }
    return toInvoiceRecord(entity, await this.linesOf(this.dataSource.manager, [id]));
  }

  async list(tenantId: string, params: InvoiceListQueryDto): Promise<RecordPage<Invoice>> {
    const query = this.dataSource.getRepository(InvoiceEntity).createQueryBuilder('i');
    if (params.status !== undefined) query.andWhere('i.status = :status', params);
    if (params.customerId !== undefined) {
      query.andWhere('i.customer_id = :customerId', { customerId: params.customerId });
    }
    whereTextContains(query, ['i.number'], params.q);
    const page = await fetchRecordPage(query, 'i', 'invoice', tenantId, params);
    const lines = await this.linesOf(
      this.dataSource.manager,
      page.rows.map((row) => row.id),
    );
    return {
      data: page.rows.map((row) =>
        toInvoiceRecord(
          row,
          lines.filter((line) => line.invoiceId === row.id),
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  async update(
    tenantId: string,
    id: string,
    expectedVersion: number,
    dto: UpdateInvoiceDto,
  ): Promise<Invoice> {
    return this.dataSource.transaction(async (manager) => {
      const entity = await lockLiveRecord(manager, InvoiceEntity, 'invoice', tenantId, id);
      assertVersion(entity.version, expectedVersion);
      const currentLines = await this.linesOf(manager, [id]);
      const before = toInvoiceRecord(entity, currentLines);
      if (dto.customerId !== undefined) entity.customerId = dto.customerId.toLowerCase();
      if (dto.number !== undefined) entity.number = dto.number;
      const errors: FieldError[] = [];
      if (dto.status !== undefined && !canChangeInvoiceStatus(entity.status, dto.status)) {
        errors.push({
          field: 'status',
          message: `cannot change from ${entity.status} to ${dto.status}; from ${entity.status} only ${INVOICE_STATUS_TRANSITIONS[entity.status].join(', ')}`,
        });
      }
      if (dto.status !== undefined) entity.status = dto.status;
      if (dto.currency !== undefined) entity.currency = dto.currency;
      if (dto.issueDate !== undefined) entity.issueDate = dto.issueDate;
      if (dto.dueDate !== undefined) entity.dueDate = dto.dueDate;
      if (dto.metadata !== undefined) entity.metadata = dto.metadata;
      let lines = currentLines;
      if (dto.lines !== undefined) {
        const priced = priceInvoiceLines(
          entity,
          dto.lines,
          new Set(currentLines.map((line) => line.id)),
          errors,
        );
        lines = priced.lines;
        entity.subtotal = priced.subtotal;
        entity.total = priced.total;
      }
      const customerChanged = entity.customerId !== before.customerId;
      errors.push(
        ...(await invoiceReferenceErrors(
          manager,
          tenantId,
          customerChanged ? entity.customerId : undefined,
          dto.lines === undefined ? [] : lines,
        )),
      );
      assertNoFieldErrors(errors);
      const changed = changedFields(
        contentOf('invoice', before),
        contentOf('invoice', toInvoiceRecord(entity, lines)),
        INVOICE_FIELDS,
      );
      if (changed.length === 0) return before;
      entity.version += 1;
      await this.saveInvoice(manager, entity);
      if (changed.includes('lines')) {
        await manager.delete(InvoiceLineEntity, { invoiceId: id });
        if (lines.length > 0) await manager.insert(InvoiceLineEntity, lines);
      }
      const record = toInvoiceRecord(entity, lines);
      await this.outbox.append(manager, {
        entityType: 'invoice',
        operation: 'updated',
        record,
        changedFields: changed,
      });
      return record;
    });
  }

  async remove(tenantId: string, id: string, expectedVersion?: number): Promise<Invoice> {
    return this.dataSource.transaction(async (manager) => {
      const entity = await lockLiveRecord(manager, InvoiceEntity, 'invoice', tenantId, id);
      assertVersion(entity.version, expectedVersion);
      entity.version += 1;
      await updateRecordRow(manager, InvoiceEntity, entity, 'delete');
      const record = toInvoiceRecord(entity, await this.linesOf(manager, [id]));
      await this.outbox.append(manager, {
        entityType: 'invoice',
        operation: 'deleted',
        record,
        changedFields: [],
      });
      return record;
    });
  }

  private linesOf(manager: EntityManager, invoiceIds: string[]): Promise<InvoiceLineEntity[]> {
    if (invoiceIds.length === 0) return Promise.resolve([]);
    return manager.find(InvoiceLineEntity, {
      where: { invoiceId: In(invoiceIds) },
      order: { position: 'ASC' },
    });
  }

  private async insertInvoice(manager: EntityManager, entity: InvoiceEntity): Promise<void> {
    await withUniqueInvoiceNumber(entity.number, () =>
      insertRecordRow(manager, InvoiceEntity, entity),
    );
  }

  private async saveInvoice(manager: EntityManager, entity: InvoiceEntity): Promise<void> {
    await withUniqueInvoiceNumber(entity.number, () =>
      updateRecordRow(manager, InvoiceEntity, entity),
    );
  }
}
