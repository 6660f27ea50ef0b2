import { randomUUID } from 'node:crypto';

import { type FieldError, ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  canChangeInvoiceStatus,
  CATALOG_ORIGIN,
  contentOf,
  type Invoice,
  INVOICE_STATUS_TRANSITIONS,
  type InvoiceContent,
  MessageHeaders,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { changedFields } from '../records/changed-fields';
import type { ExtraCte, RowWrite } from '../records/record-statement';
import {
  type ReadOptions,
  type RecordWriter,
  resyncHeaders,
  type StoredChange,
  type WriteOptions,
} from '../records/record-writer';
import { type RecordWrite, RecordWrites } from '../records/record-writes.service';
import type { InvoiceLineDto } from './invoice.dto';
import { InvoiceEntity } from './invoice.entity';
import { INVOICE_FIELDS, toInvoiceRecord } from './invoice.mapper';
import { invoiceReferenceErrors, priceInvoiceLines } from './invoice-lines';
import { invoiceLinesCtes } from './invoice-lines.sql';
import { withUniqueInvoiceNumber } from './invoice-number';
import { type LoadedInvoice, readInvoice, readInvoices } from './invoice-reader';

/** What an invoice is written from: its fields and its lines (amounts and totals computed here). */
export type InvoiceInput = Omit<InvoiceContent, 'lines' | 'subtotal' | 'total'> & {
  /** A line keeps its id only if it names a line of this invoice; new lines get one. */
  lines: readonly InvoiceLineDto[];
};

export interface InvoiceUpdateOptions extends WriteOptions {
  /** Refuse a status change the model does not allow (requests through the API). */
  checkStatusTransition?: boolean;
}

type InvoiceFields = Omit<InvoiceInput, 'lines'>;

function assertNoFieldErrors(errors: FieldError[]): void {
  if (errors.length > 0) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_INPUT,
      `Invalid invoice: ${errors.map((e) => e.field).join(', ')}`,
      errors,
    );
  }
}

function assignFields(entity: InvoiceEntity, fields: Partial<InvoiceFields>): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(entity, { [key]: value });
  }
  if (fields.customerId !== undefined) entity.customerId = fields.customerId.toLowerCase();
}

/**
 * The one writer of invoices (REST and inbound): lines priced and totals computed here, the
 * customer and products checked to be live records of the tenant, a tenant's invoice number used
 * once (a 409 over REST, a non-retryable ALREADY_EXISTS inbound), the row and its lines written
 * in the statement that appends the event.
 */
@Injectable()
export class InvoiceWriter implements RecordWriter<
  'invoice',
  InvoiceInput,
  LoadedInvoice,
  InvoiceUpdateOptions
> {
  readonly entityType = 'invoice';

  constructor(private readonly writes: RecordWrites) {}

  read(
    manager: EntityManager,
    tenantId: string,
    id: string,
    options: ReadOptions,
  ): Promise<LoadedInvoice | null> {
    return readInvoice(manager, tenantId, id, options);
  }

  readMany(
    manager: EntityManager,
    tenantId: string,
    ids: readonly string[],
    options: ReadOptions,
  ): Promise<LoadedInvoice[]> {
    return readInvoices(manager, tenantId, ids, options);
  }

  recordOf(loaded: LoadedInvoice): Invoice {
    return toInvoiceRecord(loaded.entity, loaded.lines);
  }

  async create(
    manager: EntityManager,
    tenantId: string,
    input: InvoiceInput,
    options: WriteOptions = {},
  ): Promise<Invoice> {
    const entity = manager.create(InvoiceEntity, {
      id: randomUUID(),
      tenantId,
      version: 1,
      deletedAt: null,
    });
    const { lines: lineInput, ...fields } = input;
    assignFields(entity, fields);
    const errors: FieldError[] = [];
    const priced = priceInvoiceLines(entity, lineInput, new Set(), errors);
    errors.push(
      ...(await invoiceReferenceErrors(manager, tenantId, entity.customerId, priced.lines)),
    );
    assertNoFieldErrors(errors);
    entity.subtotal = priced.subtotal;
    entity.total = priced.total;
    const record = await this.write(manager, entity, 'insert', priced.lines, {
      operation: 'created',
      changedFields: [...INVOICE_FIELDS],
      origin: options.origin,
      clockTime: options.clockTime,
      extras: invoiceLinesCtes(entity.id, priced.lines, false),
    });
    if (!record) throw new Error('invoice insert wrote no row');
    return record;
  }

  async update(
    manager: EntityManager,
    loaded: LoadedInvoice,
    input: Partial<InvoiceInput>,
    options: InvoiceUpdateOptions = {},
  ): Promise<StoredChange<'invoice'> | null> {
    const { entity, lines: currentLines } = loaded;
    const before = toInvoiceRecord(entity, currentLines);
    const { lines: lineInput, ...fields } = input;
    const errors: FieldError[] = [];
    const status = fields.status;
    if (
      options.checkStatusTransition &&
      status !== undefined &&
      !canChangeInvoiceStatus(entity.status, status)
    ) {
      errors.push({
        field: 'status',
        message: `cannot change from ${entity.status} to ${status}; from ${entity.status} only ${INVOICE_STATUS_TRANSITIONS[entity.status].join(', ')}`,
      });
    }
    assignFields(entity, fields);
    let lines = currentLines;
    if (lineInput !== undefined) {
      const existing = new Set(currentLines.map((line) => line.id));
      const priced = priceInvoiceLines(entity, lineInput, existing, errors);
      lines = priced.lines;
      entity.subtotal = priced.subtotal;
      entity.total = priced.total;
    }
    const customerChanged = entity.customerId !== before.customerId;
    errors.push(
      ...(await invoiceReferenceErrors(
        manager,
        entity.tenantId,
        customerChanged ? entity.customerId : undefined,
        lineInput === undefined ? [] : lines,
      )),
    );
    assertNoFieldErrors(errors);
    const changed = changedFields(
      contentOf('invoice', before),
      contentOf('invoice', toInvoiceRecord(entity, lines)),
      INVOICE_FIELDS,
    );
    if (changed.length === 0) return { record: before, changedFields: [] };
    const readVersion = entity.version;
    entity.version += 1;
    const record = await this.write(manager, entity, 'update', lines, {
      readVersion,
      operation: 'updated',
      changedFields: changed,
      origin: options.origin,
      clockTime: options.clockTime,
      extraHeaders: resyncHeaders(options),
      extras: changed.includes('lines') ? invoiceLinesCtes(entity.id, lines, true) : [],
    });
    return record && { record, changedFields: changed };
  }

  remove(
    manager: EntityManager,
    loaded: LoadedInvoice,
    options: WriteOptions = {},
  ): Promise<Invoice | null> {
    const { entity, lines } = loaded;
    const readVersion = entity.version;
    entity.version += 1;
    return this.write(manager, entity, 'delete', lines, {
      readVersion,
      operation: 'deleted',
      changedFields: [],
      origin: options.origin,
      clockTime: options.clockTime,
    });
  }

  resync(
    manager: EntityManager,
    loaded: LoadedInvoice,
    fields: string[],
    system: string,
  ): Promise<Invoice | null> {
    const { entity, lines } = loaded;
    const readVersion = entity.version;
    entity.version += 1;
    entity.deletedAt = null;
    return this.write(manager, entity, 'update', lines, {
      readVersion,
      operation: 'updated',
      changedFields: fields,
      origin: CATALOG_ORIGIN,
      extraHeaders: { [MessageHeaders.resync]: system },
    });
  }

  /** One statement: the invoice row, its lines when given, its event; null if it moved on. */
  private write(
    manager: EntityManager,
    entity: InvoiceEntity,
    write: RowWrite,
    lines: LoadedInvoice['lines'],
    change: Pick<
      RecordWrite<'invoice', InvoiceEntity>,
      'readVersion' | 'operation' | 'changedFields' | 'origin' | 'extraHeaders' | 'clockTime'
    > & { extras?: ExtraCte[] },
  ): Promise<Invoice | null> {
    return withUniqueInvoiceNumber(entity.number, () =>
      this.writes.write(manager, {
        entityType: 'invoice',
        target: InvoiceEntity,
        entity,
        write,
        toRecord: (invoice) => toInvoiceRecord(invoice, lines),
        ...change,
      }),
    );
  }
}
