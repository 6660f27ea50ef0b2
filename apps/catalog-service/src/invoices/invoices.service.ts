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

import { changedFields } from '../records/changed-fields';
import { fetchRecordPage, type RecordPage, whereTextContains } from '../records/record-list';
import { recordNotFound } from '../records/record-not-found';
import type { ExtraCte, RowWrite } from '../records/record-statement';
import { RecordWrites } from '../records/record-writes.service';
import type { CreateInvoiceDto, InvoiceListQueryDto, UpdateInvoiceDto } from './invoice.dto';
import { InvoiceEntity } from './invoice.entity';
import { INVOICE_FIELDS, toInvoiceRecord } from './invoice.mapper';
import { InvoiceLineEntity } from './invoice-line.entity';
import { invoiceReferenceErrors, priceInvoiceLines } from './invoice-lines';
import { invoiceLinesCtes } from './invoice-lines.sql';
import { withUniqueInvoiceNumber } from './invoice-number';
import { readInvoice } from './invoice-reader';

function assertNoFieldErrors(errors: FieldError[]): void {
  if (errors.length > 0) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_INPUT,
      `Invalid invoice: ${errors.map((e) => e.field).join(', ')}`,
      errors,
    );
  }
}

/**
 * Invoices with their lines; totals are always computed here, never taken from the client. Every
 * change is one statement (RecordWrites) holding the invoice row, its lines and its event.
 */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: RecordWrites,
  ) {}

  /** `manager`: a caller's transaction (the demo seeder's); by default its own statement. */
  async create(
    tenantId: string,
    dto: CreateInvoiceDto,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Invoice> {
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
    const record = await this.write(manager, entity, 'insert', priced.lines, {
      changedFields: [...INVOICE_FIELDS],
      extras: invoiceLinesCtes(entity.id, priced.lines, false),
    });
    if (!record) throw new Error('invoice insert wrote no row');
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

  update(
    tenantId: string,
    id: string,
    expectedVersion: number,
    dto: UpdateInvoiceDto,
  ): Promise<Invoice> {
    const manager = this.dataSource.manager;
    const read = () => readInvoice(manager, tenantId, id, { live: true });
    return this.writes.onLiveRecord('invoice', { id, expectedVersion }, read, async (loaded) => {
      const { entity, lines: currentLines } = loaded;
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
      if (changed.length === 0) return this.writes.unchanged(manager, before);
      const readVersion = entity.version;
      entity.version += 1;
      return this.write(manager, entity, 'update', lines, {
        readVersion,
        changedFields: changed,
        extras: changed.includes('lines') ? invoiceLinesCtes(id, lines, true) : [],
      });
    });
  }

  remove(tenantId: string, id: string, expectedVersion?: number): Promise<Invoice> {
    const manager = this.dataSource.manager;
    const read = () => readInvoice(manager, tenantId, id, { live: true });
    return this.writes.onLiveRecord(
      'invoice',
      { id, expectedVersion },
      read,
      ({ entity, lines }) => {
        const readVersion = entity.version;
        entity.version += 1;
        return this.write(manager, entity, 'delete', lines, { readVersion, changedFields: [] });
      },
    );
  }

  /** One statement: the invoice row, its lines when given, its event; null if it moved on. */
  private write(
    manager: EntityManager,
    entity: InvoiceEntity,
    write: RowWrite,
    lines: InvoiceLineEntity[],
    change: { readVersion?: number; changedFields: string[]; extras?: ExtraCte[] },
  ): Promise<Invoice | null> {
    const operation = write === 'insert' ? 'created' : write === 'delete' ? 'deleted' : 'updated';
    return withUniqueInvoiceNumber(entity.number, () =>
      this.writes.write(manager, {
        entityType: 'invoice',
        target: InvoiceEntity,
        entity,
        write,
        operation,
        toRecord: (invoice) => toInvoiceRecord(invoice, lines),
        ...change,
      }),
    );
  }

  private linesOf(manager: EntityManager, invoiceIds: string[]): Promise<InvoiceLineEntity[]> {
    if (invoiceIds.length === 0) return Promise.resolve([]);
    return manager.find(InvoiceLineEntity, {
      where: { invoiceId: In(invoiceIds) },
      order: { position: 'ASC' },
    });
  }
}
