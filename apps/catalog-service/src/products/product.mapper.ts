import type { Money, Product } from '@concord/model';

import { recordMetaOf } from '../records/record-meta';
import type { ProductEntity } from './product.entity';

/** The canonical content fields of a product, in the order events list them. */
export const PRODUCT_FIELDS = [
  'name',
  'description',
  'sku',
  'active',
  'unitPrice',
  'metadata',
] as const;

export function toProductRecord(entity: ProductEntity): Product {
  const unitPrice: Money | null =
    entity.unitPriceAmount === null || entity.unitPriceCurrency === null
      ? null
      : { amount: entity.unitPriceAmount, currency: entity.unitPriceCurrency };
  return {
    ...recordMetaOf(entity),
    name: entity.name,
    description: entity.description,
    sku: entity.sku,
    active: entity.active,
    unitPrice,
    metadata: entity.metadata,
  };
}

export function applyUnitPrice(entity: ProductEntity, price: Money | null): void {
  entity.unitPriceAmount = price?.amount ?? null;
  entity.unitPriceCurrency = price?.currency ?? null;
}
