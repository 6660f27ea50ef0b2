import { Column, Entity } from 'typeorm';

import { bigintAsNumber } from '../database/column-transformers';
import { RecordColumns } from '../records/record-columns';

@Entity({ name: 'products' })
export class ProductEntity extends RecordColumns {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  sku!: string | null;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({
    name: 'unit_price_amount',
    type: 'bigint',
    nullable: true,
    transformer: bigintAsNumber,
  })
  unitPriceAmount!: number | null;

  @Column({ name: 'unit_price_currency', type: 'text', nullable: true })
  unitPriceCurrency!: string | null;

  @Column({ type: 'jsonb' })
  metadata!: Record<string, string>;
}
