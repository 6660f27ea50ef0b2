import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { SyncKafkaModule } from '../kafka/sync-kafka.module';
import { DeadLetterCollector } from './dead-letter.collector';
import { DeadLetterRepository } from './dead-letter.repository';
import { DeadLettersController } from './dead-letters.controller';
import { DeadLettersService } from './dead-letters.service';

/** The dead-letter collector and the dead-letter API (list, replay, discard). */
@Module({
  imports: [AuditModule, SyncKafkaModule],
  controllers: [DeadLettersController],
  providers: [DeadLetterRepository, DeadLetterCollector, DeadLettersService],
  exports: [DeadLetterCollector],
})
export class DeadLettersModule {}
