import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintAsNumber } from '../database/column-transformers';

@Entity({ name: 'invoice_lines' })
export class InvoiceLineEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'product_id', type: 'uuid', nullable: true })
  productId!: string | null;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'unit_amount', type: 'bigint', transformer: bigintAsNumber })
  unitAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  amount!: number;

  @Column({ type: 'integer' })
  position!: number;
}
