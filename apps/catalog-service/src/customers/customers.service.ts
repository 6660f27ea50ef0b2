import { randomUUID } from 'node:crypto';

import { contentOf, type Customer } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { changedFields } from '../records/changed-fields';
import { fetchRecordPage, type RecordPage, whereTextContains } from '../records/record-list';
import { recordNotFound } from '../records/record-not-found';
import { liveRow, RecordWrites } from '../records/record-writes.service';
import type { CreateCustomerDto, CustomerListQueryDto, UpdateCustomerDto } from './customer.dto';
import { CustomerEntity } from './customer.entity';
import { CUSTOMER_FIELDS, toAddress, toCustomerRecord } from './customer.mapper';

const KIND = {
  entityType: 'customer',
  target: CustomerEntity,
  toRecord: toCustomerRecord,
} as const;

/**
 * Customers of a tenant. Every change is one statement with its catalog event (RecordWrites):
 * updates and deletes read the record, then write it only if it is still at the version read.
 */
@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: RecordWrites,
  ) {}

  /** `manager`: a caller's transaction (the demo seeder's); by default its own statement. */
  async create(
    tenantId: string,
    dto: CreateCustomerDto,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Customer> {
    const entity = manager.create(CustomerEntity, {
      id: randomUUID(),
      tenantId,
      version: 1,
      name: dto.name,
      email: dto.email ?? null,
      phone: dto.phone ?? null,
      address: toAddress(dto.address),
      currency: dto.currency ?? null,
      metadata: dto.metadata ?? {},
      deletedAt: null,
    });
    const record = await this.writes.write(manager, {
      ...KIND,
      entity,
      write: 'insert',
      operation: 'created',
      changedFields: [...CUSTOMER_FIELDS],
    });
    if (!record) throw new Error('customer insert wrote no row');
    return record;
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
    const read = liveRow(manager, CustomerEntity, tenantId, id);
    return this.writes.onLiveRecord('customer', { id, expectedVersion }, read, async (entity) => {
      const before = toCustomerRecord(entity);
      if (dto.name !== undefined) entity.name = dto.name;
      if (dto.email !== undefined) entity.email = dto.email;
      if (dto.phone !== undefined) entity.phone = dto.phone;
      if (dto.address !== undefined) entity.address = toAddress(dto.address);
      if (dto.currency !== undefined) entity.currency = dto.currency;
      if (dto.metadata !== undefined) entity.metadata = dto.metadata;
      const changed = changedFields(
        contentOf('customer', before),
        contentOf('customer', toCustomerRecord(entity)),
        CUSTOMER_FIELDS,
      );
      // Nothing changed: no new version and no event, so repeating a PATCH is harmless.
      if (changed.length === 0) return this.writes.unchanged(manager, before);
      const readVersion = entity.version;
      entity.version += 1;
      return this.writes.write(manager, {
        ...KIND,
        entity,
        write: 'update',
        readVersion,
        operation: 'updated',
        changedFields: changed,
      });
    });
  }

  remove(tenantId: string, id: string, expectedVersion?: number): Promise<Customer> {
    const manager = this.dataSource.manager;
    const read = liveRow(manager, CustomerEntity, tenantId, id);
    return this.writes.onLiveRecord('customer', { id, expectedVersion }, read, (entity) => {
      const readVersion = entity.version;
      entity.version += 1;
      return this.writes.write(manager, {
        ...KIND,
        entity,
        write: 'delete',
        readVersion,
        operation: 'deleted',
        changedFields: [],
      });
    });
  }
}
