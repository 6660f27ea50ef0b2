import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { SyncKafkaModule } from '../kafka/sync-kafka.module';
import { BackfillJobsRepository } from './backfill/backfill-jobs.repository';
import { OutboundBackfillService } from './backfill/outbound-backfill.service';
import { ConnectionPublisher } from './connection-publisher.service';
import { ConnectionRepublisher } from './connection-republisher.service';
import { IntegrationConnectionRepository } from './integration-connection.repository';
import { IntegrationUrlValidator } from './integration-url-validator';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsService } from './integrations.service';
import { NotificationsModule } from './notifications/notifications.module';
import { SECRETS_KEY_RING, secretsKeyRingProvider } from './secrets-key-ring';

/** Connections to external systems, their publication, the outbound backfill, notifications. */
@Module({
  imports: [AuditModule, SyncKafkaModule, NotificationsModule],
  controllers: [IntegrationsController],
  providers: [
    IntegrationUrlValidator,
    secretsKeyRingProvider,
    IntegrationConnectionRepository,
    ConnectionPublisher,
    ConnectionRepublisher,
    IntegrationsService,
    BackfillJobsRepository,
    OutboundBackfillService,
  ],
  exports: [
    SECRETS_KEY_RING,
    ConnectionRepublisher,
    IntegrationConnectionRepository,
    IntegrationsService,
    NotificationsModule,
  ],
})
export class IntegrationsModule {}
