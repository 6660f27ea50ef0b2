import { type Static, Type } from '@sinclair/typebox';

import { Money } from '../money/money.schema';
import { Metadata } from '../primitives/primitives.schema';
import { closed, Nullable } from '../primitives/schema-helpers';
import { RecordMetaFields } from './record-meta.schema';

const productContentFields = {
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Product name.' }),
  description: Nullable(Type.String({ maxLength: 5000 }), 'Long description.'),
  sku: Nullable(Type.String({ minLength: 1, maxLength: 100 }), 'Stock keeping unit / item code.'),
  active: Type.Boolean({ description: 'Whether the product can be sold.' }),
  unitPrice: Nullable(Money, 'Default price of one unit.'),
  // Optional so that the product events stay compatible with their released schema; the catalog
  // always sends it ({} when none).
  metadata: Type.Optional(Metadata),
};

export const ProductContent = Type.Object(productContentFields, {
  ...closed,
  description: 'The fields of a product that sync with external systems.',
});
export type ProductContent = Static<typeof ProductContent>;

export const Product = Type.Object(
  { ...RecordMetaFields, ...productContentFields },
  { ...closed, description: 'A product in the catalog.' },
);
export type Product = Static<typeof Product>;
