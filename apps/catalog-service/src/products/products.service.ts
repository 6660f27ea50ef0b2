import { randomUUID } from 'node:crypto';

import { contentOf, type Product } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { changedFields } from '../records/changed-fields';
import { fetchRecordPage, type RecordPage, whereTextContains } from '../records/record-list';
import { recordNotFound } from '../records/record-not-found';
import { liveRow, RecordWrites } from '../records/record-writes.service';
import type { CreateProductDto, ProductListQueryDto, UpdateProductDto } from './product.dto';
import { ProductEntity } from './product.entity';
import { applyUnitPrice, PRODUCT_FIELDS, toProductRecord } from './product.mapper';

const KIND = { entityType: 'product', target: ProductEntity, toRecord: toProductRecord } as const;

/**
 * Products of a tenant. Every change is one statement with its catalog event (RecordWrites):
 * updates and deletes read the record, then write it only if it is still at the version read.
 */
@Injectable()
export class ProductsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: RecordWrites,
  ) {}

  /** `manager`: a caller's transaction (the demo seeder's); by default its own statement. */
  async create(
    tenantId: string,
    dto: CreateProductDto,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Product> {
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
    const record = await this.writes.write(manager, {
      ...KIND,
      entity,
      write: 'insert',
      operation: 'created',
      changedFields: [...PRODUCT_FIELDS],
    });
    if (!record) throw new Error('product insert wrote no row');
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

  update(
    tenantId: string,
    id: string,
    expectedVersion: number,
    dto: UpdateProductDto,
  ): Promise<Product> {
    const manager = this.dataSource.manager;
    const read = liveRow(manager, ProductEntity, tenantId, id);
    return this.writes.onLiveRecord('product', { id, expectedVersion }, read, async (entity) => {
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

  remove(tenantId: string, id: string, expectedVersion?: number): Promise<Product> {
    const manager = this.dataSource.manager;
    const read = liveRow(manager, ProductEntity, tenantId, id);
    return this.writes.onLiveRecord('product', { id, expectedVersion }, read, (entity) => {
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
