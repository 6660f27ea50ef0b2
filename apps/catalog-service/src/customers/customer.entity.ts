import type { Address } from '@concord/model';
import { Column, Entity } from 'typeorm';

import { RecordColumns } from '../records/record-columns';

@Entity({ name: 'customers' })
export class CustomerEntity extends RecordColumns {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  address!: Address | null;

  @Column({ type: 'text', nullable: true })
  currency!: string | null;

  @Column({ type: 'jsonb' })
  metadata!: Record<string, string>;
}
