import type { InvoiceStatus } from '@concord/model';
import { Column, Entity } from 'typeorm';

import { bigintAsNumber } from '../database/column-transformers';
import { RecordColumns } from '../records/record-columns';

@Entity({ name: 'invoices' })
export class InvoiceEntity extends RecordColumns {
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text' })
  status!: InvoiceStatus;

  @Column({ type: 'text' })
  currency!: string;

  /** `YYYY-MM-DD` (TypeORM keeps PostgreSQL dates as strings, so no time zone shifts them). */
  @Column({ name: 'issue_date', type: 'date' })
  issueDate!: string;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  subtotal!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  total!: number;

  @Column({ type: 'jsonb' })
  metadata!: Record<string, string>;
}
