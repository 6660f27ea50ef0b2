import type { Invoice } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';

import { fetchRecordPage, type RecordPage, whereTextContains } from '../records/record-list';
import { recordNotFound } from '../records/record-not-found';
import { RecordWrites } from '../records/record-writes.service';
import type { CreateInvoiceDto, InvoiceListQueryDto, UpdateInvoiceDto } from './invoice.dto';
import { InvoiceEntity } from './invoice.entity';
import { toInvoiceRecord } from './invoice.mapper';
import { type InvoiceInput, InvoiceWriter } from './invoice.writer';
import { InvoiceLineEntity } from './invoice-line.entity';

/**
 * Invoices with their lines over REST; totals are always computed, never taken from the client.
 * Writes go through InvoiceWriter (the inbound applier's too), which adds, for API requests, the
 * model's rule on status changes.
 */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: InvoiceWriter,
    private readonly writes: RecordWrites,
  ) {}

  /** `manager`: a caller's transaction (the demo seeder's); by default its own statement. */
  create(
    tenantId: string,
    dto: CreateInvoiceDto,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Invoice> {
    return this.writer.create(manager, tenantId, {
      customerId: dto.customerId,
      number: dto.number,
      status: dto.status ?? 'draft',
      currency: dto.currency,
      issueDate: dto.issueDate,
      dueDate: dto.dueDate ?? null,
      metadata: dto.metadata ?? {},
      lines: dto.lines,
    });
  }

  async get(tenantId: string, id: string, includeDeleted = false): Promise<Invoice> {
    const entity = await this.dataSource.getRepository(InvoiceEntity).findOneBy({ tenantId, id });
    if (!entity || (entity.deletedAt !== null && !includeDeleted)) {
      throw recordNotFound('invoice', id);
    }
    return toInvoiceRecord(entity, await this.linesOf([id]));
  }

  async list(tenantId: string, params: InvoiceListQueryDto): Promise<RecordPage<Invoice>> {
    const query = this.dataSource.getRepository(InvoiceEntity).createQueryBuilder('i');
    if (params.status !== undefined) query.andWhere('i.status = :status', params);
    if (params.customerId !== undefined) {
      query.andWhere('i.customer_id = :customerId', { customerId: params.customerId });
    }
    whereTextContains(query, ['i.number'], params.q);
    const page = await fetchRecordPage(query, 'i', 'invoice', tenantId, params);
    const lines = await this.linesOf(page.rows.map((row) => row.id));
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
    const input: Partial<InvoiceInput> = {};
    if (dto.customerId !== undefined) input.customerId = dto.customerId;
    if (dto.number !== undefined) input.number = dto.number;
    if (dto.status !== undefined) input.status = dto.status;
    if (dto.currency !== undefined) input.currency = dto.currency;
    if (dto.issueDate !== undefined) input.issueDate = dto.issueDate;
    if (dto.dueDate !== undefined) input.dueDate = dto.dueDate;
    if (dto.metadata !== undefined) input.metadata = dto.metadata;
    if (dto.lines !== undefined) input.lines = dto.lines;
    const read = () => this.writer.read(manager, tenantId, id, { live: true });
    return this.writes.onLiveRecord('invoice', { id, expectedVersion }, read, async (loaded) => {
      const stored = await this.writer.update(manager, loaded, input, {
        checkStatusTransition: true,
      });
      if (!stored) return null;
      // Nothing changed: no new version and no event, so repeating a PATCH is harmless.
      if (stored.changedFields.length === 0) return this.writes.unchanged(manager, stored.record);
      return stored.record;
    });
  }

  remove(tenantId: string, id: string, expectedVersion?: number): Promise<Invoice> {
    const manager = this.dataSource.manager;
    const read = () => this.writer.read(manager, tenantId, id, { live: true });
    return this.writes.onLiveRecord('invoice', { id, expectedVersion }, read, (loaded) =>
      this.writer.remove(manager, loaded),
    );
  }

  private linesOf(invoiceIds: string[]): Promise<InvoiceLineEntity[]> {
    if (invoiceIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(InvoiceLineEntity, {
      where: { invoiceId: In(invoiceIds) },
      order: { position: 'ASC' },
    });
  }
}
