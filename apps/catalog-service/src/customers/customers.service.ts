import type { Customer, CustomerContent } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { fetchRecordPage, type RecordPage, whereTextContains } from '../records/record-list';
import { recordNotFound } from '../records/record-not-found';
import { RecordWrites } from '../records/record-writes.service';
import type { CreateCustomerDto, CustomerListQueryDto, UpdateCustomerDto } from './customer.dto';
import { CustomerEntity } from './customer.entity';
import { toAddress, toCustomerRecord } from './customer.mapper';
import { CustomerWriter } from './customer.writer';

/**
 * Customers of a tenant over REST. Writes go through CustomerWriter (the inbound applier's too):
 * one statement per change; an update or delete reads the record, then writes it only if it is
 * still at the version read.
 */
@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: CustomerWriter,
    private readonly writes: RecordWrites,
  ) {}

  /** `manager`: a caller's transaction (the demo seeder's); by default its own statement. */
  create(
    tenantId: string,
    dto: CreateCustomerDto,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Customer> {
    return this.writer.create(manager, tenantId, {
      name: dto.name,
      email: dto.email ?? null,
      phone: dto.phone ?? null,
      address: toAddress(dto.address),
      currency: dto.currency ?? null,
      metadata: dto.metadata ?? {},
    });
  }

  async get(tenantId: string, id: string, includeDeleted = false): Promise<Customer> {
    const entity = await this.dataSource.getRepository(CustomerEntity).findOneBy({ tenantId, id });
    if (!entity || (entity.deletedAt !== null && !includeDeleted)) {
      throw recordNotFound('customer', id);
    }
    return toCustomerRecord(entity);
  }

  async list(tenantId: string, params: CustomerListQueryDto): Promise<RecordPage<Customer>> {
    const query = this.dataSource.getRepository(CustomerEntity).createQueryBuilder('c');
    if (params.email !== undefined) {
      query.andWhere('lower(c.email) = lower(:email)', { email: params.email });
    }
    whereTextContains(query, ['c.name', 'c.email'], params.q);
    const page = await fetchRecordPage(query, 'c', 'customer', tenantId, params);
    return { data: page.rows.map(toCustomerRecord), nextCursor: page.nextCursor };
  }

  update(
    tenantId: string,
    id: string,
    expectedVersion: number,
    dto: UpdateCustomerDto,
  ): Promise<Customer> {
    const manager = this.dataSource.manager;
    const input: Partial<CustomerContent> = {};
    if (dto.name !== undefined) input.name = dto.name;
    if (dto.email !== undefined) input.email = dto.email;
    if (dto.phone !== undefined) input.phone = dto.phone;
    if (dto.address !== undefined) input.address = toAddress(dto.address);
    if (dto.currency !== undefined) input.currency = dto.currency;
    if (dto.metadata !== undefined) input.metadata = dto.metadata;
    const read = () => this.writer.read(manager, tenantId, id, { live: true });
    return this.writes.onLiveRecord('customer', { id, expectedVersion }, read, async (loaded) => {
      const stored = await this.writer.update(manager, loaded, input);
      if (!stored) return null;
      // Nothing changed: no new version and no event, so repeating a PATCH is harmless.
      if (stored.changedFields.length === 0) return this.writes.unchanged(manager, stored.record);
      return stored.record;
    });
  }

  remove(tenantId: string, id: string, expectedVersion?: number): Promise<Customer> {
    const manager = this.dataSource.manager;
    const read = () => this.writer.read(manager, tenantId, id, { live: true });
    return this.writes.onLiveRecord('customer', { id, expectedVersion }, read, (loaded) =>
      this.writer.remove(manager, loaded),
    );
  }
}
