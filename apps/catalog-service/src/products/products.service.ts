import type { Product, ProductContent } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { fetchRecordPage, type RecordPage, whereTextContains } from '../records/record-list';
import { recordNotFound } from '../records/record-not-found';
import { RecordWrites } from '../records/record-writes.service';
import type { CreateProductDto, ProductListQueryDto, UpdateProductDto } from './product.dto';
import { ProductEntity } from './product.entity';
import { toProductRecord } from './product.mapper';
import { ProductWriter } from './product.writer';

/**
 * Products of a tenant over REST. Writes go through ProductWriter (the inbound applier's too):
 * one statement per change; an update or delete reads the record, then writes it only if it is
 * still at the version read.
 */
@Injectable()
export class ProductsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: ProductWriter,
    private readonly writes: RecordWrites,
  ) {}

  /** `manager`: a caller's transaction (the demo seeder's); by default its own statement. */
  create(
    tenantId: string,
    dto: CreateProductDto,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Product> {
    return this.writer.create(manager, tenantId, {
      name: dto.name,
      description: dto.description ?? null,
      sku: dto.sku ?? null,
      active: dto.active ?? true,
      unitPrice: dto.unitPrice ?? null,
      metadata: dto.metadata ?? {},
    });
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
    const input: Partial<ProductContent> = {};
    if (dto.name !== undefined) input.name = dto.name;
    if (dto.description !== undefined) input.description = dto.description;
    if (dto.sku !== undefined) input.sku = dto.sku;
    if (dto.active !== undefined) input.active = dto.active;
    if (dto.unitPrice !== undefined) input.unitPrice = dto.unitPrice;
    if (dto.metadata !== undefined) input.metadata = dto.metadata;
    const read = () => this.writer.read(manager, tenantId, id, { live: true });
    return this.writes.onLiveRecord('product', { id, expectedVersion }, read, async (loaded) => {
      const stored = await this.writer.update(manager, loaded, input);
      if (!stored) return null;
      // Nothing changed: no new version and no event, so repeating a PATCH is harmless.
      if (stored.changedFields.length === 0) return this.writes.unchanged(manager, stored.record);
      return stored.record;
    });
  }

  remove(tenantId: string, id: string, expectedVersion?: number): Promise<Product> {
    const manager = this.dataSource.manager;
    const read = () => this.writer.read(manager, tenantId, id, { live: true });
    return this.writes.onLiveRecord('product', { id, expectedVersion }, read, (loaded) =>
      this.writer.remove(manager, loaded),
    );
  }
}
