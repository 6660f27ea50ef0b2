import { randomUUID } from 'node:crypto';

import { contentOf, type Product } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { OutboxWriter } from '../outbox/outbox-writer.service';
import { changedFields } from '../records/changed-fields';
import { assertVersion } from '../records/if-match';
import { fetchRecordPage, type RecordPage, whereTextContains } from '../records/record-list';
import { lockLiveRecord, recordNotFound } from '../records/record-not-found';
import { insertRecordRow, updateRecordRow } from '../records/record-rows';
import type { CreateProductDto, ProductListQueryDto, UpdateProductDto } from './product.dto';
import { ProductEntity } from './product.entity';
import { applyUnitPrice, PRODUCT_FIELDS, toProductRecord } from './product.mapper';

/** Products of a tenant. Every change commits with its catalog event (see OutboxWriter). */
@Injectable()
export class ProductsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(manager: EntityManager, tenantId: string, dto: CreateProductDto): Promise<Product> {
    const entity = manager.create(ProductEntity, {
      id: randomUUID(),
      tenantId,
      version: 1,
      name: dto.name,
      description: dto.description ?? null,
      sku: dto.sku ?? null,
      active: dto.active ?? true,
      unitPriceAmount: dto.unitPrice?.amount ?? null,
      unitPriceCurrency: dto.unitPrice?.currency ?? null,
      metadata: dto.metadata ?? {},
      deletedAt: null,
    });
    await insertRecordRow(manager, ProductEntity, entity);
    const record = toProductRecord(entity);
    await this.outbox.append(manager, {
      entityType: 'product',
      operation: 'created',
      record,
      changedFields: [...PRODUCT_FIELDS],
    });
    return record;
  }

  async get(tenantId: string, id: string, includeDeleted = false): Promise<Product> {
    const entity = await this.dataSource.getRepository(ProductEntity).findOneBy({ tenantId, id });
    if (!entity || (entity.deletedAt !== null && !includeDeleted)) {
      throw recordNotFound('product', id);
    }
    return toProductRecord(entity);
  }

  async list(tenantId: string, params: ProductListQueryDto): Promise<RecordPage<Product>> {
    const query = this.dataSource.getRepository(ProductEntity).createQueryBuilder('p');
    if (params.sku !== undefined) {
      query.andWhere('p.sku = :sku', { sku: params.sku });
    }
    whereTextContains(query, ['p.name', 'p.sku'], params.q);
    const page = await fetchRecordPage(query, 'p', 'product', tenantId, params);
    return { data: page.rows.map(toProductRecord), nextCursor: page.nextCursor };
  }

  async update(
    tenantId: string,
    id: string,
    expectedVersion: number,
    dto: UpdateProductDto,
  ): Promise<Product> {
    return this.dataSource.transaction(async (manager) => {
      const entity = await lockLiveRecord(manager, ProductEntity, 'product', tenantId, id);
      assertVersion(entity.version, expectedVersion);
      const before = toProductRecord(entity);
      if (dto.name !== undefined) entity.name = dto.name;
      if (dto.description !== undefined) entity.description = dto.description;
      if (dto.sku !== undefined) entity.sku = dto.sku;
      if (dto.active !== undefined) entity.active = dto.active;
      if (dto.unitPrice !== undefined) applyUnitPrice(entity, dto.unitPrice);
      if (dto.metadata !== undefined) entity.metadata = dto.metadata;
      const changed = changedFields(
        contentOf('product', before),
        contentOf('product', toProductRecord(entity)),
        PRODUCT_FIELDS,
      );
      // Nothing changed: no new version and no event, so repeating a PATCH is harmless.
      if (changed.length === 0) return before;
      entity.version += 1;
      await updateRecordRow(manager, ProductEntity, entity);
      const record = toProductRecord(entity);
      await this.outbox.append(manager, {
        entityType: 'product',
        operation: 'updated',
        record,
        changedFields: changed,
      });
      return record;
    });
  }

  async remove(tenantId: string, id: string, expectedVersion?: number): Promise<Product> {
    return this.dataSource.transaction(async (manager) => {
      const entity = await lockLiveRecord(manager, ProductEntity, 'product', tenantId, id);
      assertVersion(entity.version, expectedVersion);
      entity.version += 1;
      await updateRecordRow(manager, ProductEntity, entity, 'delete');
      const record = toProductRecord(entity);
      await this.outbox.append(manager, {
        entityType: 'product',
        operation: 'deleted',
        record,
        changedFields: [],
      });
      return record;
    });
  }
}
