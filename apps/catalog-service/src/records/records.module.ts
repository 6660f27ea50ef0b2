import { Module } from '@nestjs/common';

import { OutboxModule } from '../outbox/outbox.module';
import { RecordWrites } from './record-writes.service';

/** The one write path of catalog records (REST and inbound). */
@Module({ imports: [OutboxModule], providers: [RecordWrites], exports: [RecordWrites] })
export class RecordsModule {}
