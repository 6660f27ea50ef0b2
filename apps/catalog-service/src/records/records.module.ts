import { Module } from '@nestjs/common';

import { CustomerWriter } from '../customers/customer.writer';
import { InvoiceWriter } from '../invoices/invoice.writer';
import { OutboxModule } from '../outbox/outbox.module';
import { ProductWriter } from '../products/product.writer';
import { RecordWriters } from './record-writers';
import { RecordWrites } from './record-writes.service';

const WRITERS = [RecordWrites, CustomerWriter, ProductWriter, InvoiceWriter, RecordWriters];

/**
 * The one write path of catalog records: a writer per entity type behind one registry
 * (RecordWriters), used by the REST services and the inbound applier alike.
 */
@Module({ imports: [OutboxModule], providers: WRITERS, exports: WRITERS })
export class RecordsModule {}
