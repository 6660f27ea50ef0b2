import type { Customer, CustomerContent } from '@concord/model';
import { Injectable } from '@nestjs/common';

import { ColumnRecordWriter } from '../records/column-record-writer';
import { RecordWrites } from '../records/record-writes.service';
import { CustomerEntity } from './customer.entity';
import { CUSTOMER_FIELDS, toCustomerRecord } from './customer.mapper';

/** The one writer of customers (REST and inbound). */
@Injectable()
export class CustomerWriter extends ColumnRecordWriter<'customer', CustomerEntity> {
  readonly entityType = 'customer';
  protected readonly target = CustomerEntity;
  protected readonly fields = CUSTOMER_FIELDS;

  constructor(writes: RecordWrites) {
    super(writes);
  }

  protected toRecord(entity: CustomerEntity): Customer {
    return toCustomerRecord(entity);
  }

  protected assign(entity: CustomerEntity, content: Partial<CustomerContent>): void {
    Object.assign(entity, content);
  }
}
