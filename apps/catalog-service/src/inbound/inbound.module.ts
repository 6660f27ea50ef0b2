import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { ConnectorStatusModule } from '../connector-status/connector-status.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { OutboxModule } from '../outbox/outbox.module';
import { RecordsModule } from '../records/records.module';
import { SyncModule } from '../sync/sync.module';
import { ApplierBatchHandler } from './batch/applier-batch-handler';
import { BatchConnections } from './batch/batch-connections';
import { ConnectionsRequestAnswerer } from './batch/connections-request-answerer';
import { InboundBatchApplier } from './batch/inbound-batch-applier';
import { NoChangeScreen } from './batch/no-change-screen';
import { ConflictResolutionController } from './conflict-resolution.controller';
import { ConflictResolutionService } from './conflict-resolution.service';
import { DeleteConflicts } from './delete-conflicts.service';
import { FieldClocksRepository } from './field-clocks.repository';
import { HeldDeletesController } from './held-deletes.controller';
import { HeldDeletesRepository } from './held-deletes.repository';
import { HeldDeletesService } from './held-deletes.service';
import { IdentityLinkRepository } from './identity-link.repository';
import { InboundConsumer } from './inbound.consumer';
import { InboundChangeService } from './inbound-change.service';
import { InboundContentMapper } from './inbound-content.mapper';
import { InboundDeleteService } from './inbound-delete.service';
import { InboundUpsertService } from './inbound-upsert.service';
import { InboxRepository } from './inbox.repository';
import { RecordMatcher } from './record-matcher.service';
import { SyncKafkaModule } from './sync-kafka.module';
import { SyncOutcomeService } from './sync-outcome.service';

/** The inbound applier: connector changes, outcomes and statuses into the catalog. */
@Module({
  imports: [
    AuditModule,
    SyncKafkaModule,
    OutboxModule,
    RecordsModule,
    IntegrationsModule,
    ConnectorStatusModule,
    SyncModule,
  ],
  controllers: [HeldDeletesController, ConflictResolutionController],
  providers: [
    ApplierBatchHandler,
    BatchConnections,
    ConnectionsRequestAnswerer,
    InboundBatchApplier,
    NoChangeScreen,
    ConflictResolutionService,
    FieldClocksRepository,
    HeldDeletesRepository,
    HeldDeletesService,
    IdentityLinkRepository,
    InboundChangeService,
    InboundConsumer,
    InboundContentMapper,
    InboundDeleteService,
    DeleteConflicts,
    InboundUpsertService,
    InboxRepository,
    RecordMatcher,
    SyncOutcomeService,
  ],
  exports: [InboundConsumer, InboundChangeService, SyncOutcomeService],
})
export class InboundModule {}
