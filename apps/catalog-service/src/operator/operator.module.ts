import { Module } from '@nestjs/common';

import { ConnectorPresenceService } from './connector-presence.service';
import { IntegrationsOverviewController } from './integrations-overview.controller';
import { IntegrationsOverviewService } from './integrations-overview.service';
import { SessionController } from './session.controller';

/** What the operators' console reads first: who the key is, and how every integration is doing. */
@Module({
  controllers: [SessionController, IntegrationsOverviewController],
  providers: [ConnectorPresenceService, IntegrationsOverviewService],
})
export class OperatorModule {}
