import { Module } from '@nestjs/common';

import { ConnectorPresenceService } from './connector-presence.service';
import { IntegrationsOverviewService } from './integrations-overview.service';
import { OperatorOverviewController } from './operator-overview.controller';
import { SessionController } from './session.controller';
import { SyncChartsService } from './sync-charts.service';

/** What the operators' console reads first: who the key is, and how every integration is doing. */
@Module({
  controllers: [SessionController, OperatorOverviewController],
  providers: [ConnectorPresenceService, IntegrationsOverviewService, SyncChartsService],
})
export class OperatorModule {}
