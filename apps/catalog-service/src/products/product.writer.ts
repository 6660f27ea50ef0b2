import type { Product, ProductContent } from '@concord/model';
import { Injectable } from '@nestjs/common';

import { ColumnRecordWriter } from '../records/column-record-writer';
import { RecordWrites } from '../records/record-writes.service';
import { ProductEntity } from './product.entity';
import { applyUnitPrice, PRODUCT_FIELDS, toProductRecord } from './product.mapper';

/** The one writer of products (REST and inbound). */
@Injectable()
export class ProductWriter extends ColumnRecordWriter<'product', ProductEntity> {
  readonly entityType = 'product';
  protected readonly target = ProductEntity;
  protected readonly fields = PRODUCT_FIELDS;

  constructor(writes: RecordWrites) {
    super(writes);
  }

  protected toRecord(entity: ProductEntity): Product {
    return toProductRecord(entity);
  }

  protected assign(entity: ProductEntity, content: Partial<ProductContent>): void {
    const { unitPrice, ...rest } = content;
    Object.assign(entity, rest);
    if (unitPrice !== undefined) applyUnitPrice(entity, unitPrice);
  }
}
