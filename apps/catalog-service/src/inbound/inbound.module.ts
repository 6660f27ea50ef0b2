import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { ConnectorStatusModule } from '../connector-status/connector-status.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { SyncKafkaModule } from '../kafka/sync-kafka.module';
import { OutboxModule } from '../outbox/outbox.module';
import { RecordsModule } from '../records/records.module';
import { SyncModule } from '../sync/sync.module';
import { ApplierBatchHandler } from './batch/applier-batch-handler';
import { BatchConnections } from './batch/batch-connections';
import { ConnectionsRequestAnswerer } from './batch/connections-request-answerer';
import { InboundBatchApplier } from './batch/inbound-batch-applier';
import { NoChangeScreen } from './batch/no-change-screen';
import { ContestBases } from './changes/contest-bases';
import { DeleteConflicts } from './changes/delete-conflicts.service';
import { FieldClocksRepository } from './changes/field-clocks.repository';
import { InboundChangeService } from './changes/inbound-change.service';
import { InboundContentMapper } from './changes/inbound-content.mapper';
import { InboundDeleteService } from './changes/inbound-delete.service';
import { InboundMerge } from './changes/inbound-merge.service';
import { InboundTrail } from './changes/inbound-trail';
import { InboundUpsertService } from './changes/inbound-upsert.service';
import { InboxRepository } from './changes/inbox.repository';
import { ConflictResolutionController } from './conflict-resolution.controller';
import { ConflictResolutionService } from './conflict-resolution.service';
import { IdentityLinkRepository } from './identity-map/identity-link.repository';
import { RecordMatcher } from './identity-map/record-matcher.service';
import { InboundConsumer } from './inbound.consumer';
import { InboundHandler } from './inbound.handler';
import { HeldDeletesController } from './mass-delete-guard/held-deletes.controller';
import { HeldDeletesRepository } from './mass-delete-guard/held-deletes.repository';
import { HeldDeletesService } from './mass-delete-guard/held-deletes.service';
import { MassDeleteGuard } from './mass-delete-guard/mass-delete-guard.service';
import { SyncOutcomeService } from './outcomes/sync-outcome.service';

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
  controllers: [HeldDeletesController, ConflictResolutionController, InboundHandler],
  providers: [
    ApplierBatchHandler,
    BatchConnections,
    ConnectionsRequestAnswerer,
    InboundBatchApplier,
    NoChangeScreen,
    ConflictResolutionService,
    ContestBases,
    InboundMerge,
    InboundTrail,
    MassDeleteGuard,
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
