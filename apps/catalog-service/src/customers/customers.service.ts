import { randomUUID } from 'node:crypto';

import { contentOf, type Customer } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { OutboxWriter } from '../outbox/outbox-writer.service';
import { changedFields } from '../records/changed-fields';
import { assertVersion } from '../records/if-match';
import { fetchRecordPage, type RecordPage, whereTextContains } from '../records/record-list';
import { lockLiveRecord, recordNotFound } from '../records/record-not-found';
import { insertRecordRow, updateRecordRow } from '../records/record-rows';
import type { CreateCustomerDto, CustomerListQueryDto, UpdateCustomerDto } from './customer.dto';
import { CustomerEntity } from './customer.entity';
import { CUSTOMER_FIELDS, toAddress, toCustomerRecord } from './customer.mapper';

/** Customers of a tenant. Every change commits with its catalog event (see OutboxWriter). */
@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(
    manager: EntityManager,
    tenantId: string,
    dto: CreateCustomerDto,
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
    await insertRecordRow(manager, CustomerEntity, entity);
    const record = toCustomerRecord(entity);
    await this.outbox.append(manager, {
      entityType: 'customer',
      operation: 'created',
      record,
      changedFields: [...CUSTOMER_FIELDS],
    });
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

  async update(
    tenantId: string,
    id: string,
    expectedVersion: number,
    dto: UpdateCustomerDto,
  ): Promise<Customer> {
    return this.dataSource.transaction(async (manager) => {
      const entity = await lockLiveRecord(manager, CustomerEntity, 'customer', tenantId, id);
      assertVersion(entity.version, expectedVersion);
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
      if (changed.length === 0) return before;
      entity.version += 1;
      await updateRecordRow(manager, CustomerEntity, entity);
      const record = toCustomerRecord(entity);
      await this.outbox.append(manager, {
        entityType: 'customer',
        operation: 'updated',
        record,
        changedFields: changed,
      });
      return record;
    });
  }

  async remove(tenantId: string, id: string, expectedVersion?: number): Promise<Customer> {
    return this.dataSource.transaction(async (manager) => {
      const entity = await lockLiveRecord(manager, CustomerEntity, 'customer', tenantId, id);
      assertVersion(entity.version, expectedVersion);
      entity.version += 1;
      await updateRecordRow(manager, CustomerEntity, entity, 'delete');
      const record = toCustomerRecord(entity);
      await this.outbox.append(manager, {
        entityType: 'customer',
        operation: 'deleted',
        record,
        changedFields: [],
      });
      return record;
    });
  }
}
