import { Module } from '@nestjs/common';

import { IntegrationsModule } from '../integrations/integrations.module';
import { ConnectorStatusController } from './connector-status.controller';
import { ConnectorStatusService } from './connector-status.service';

/** Stores connector status reports; the inbound consumer feeds it. */
@Module({
  imports: [IntegrationsModule],
  controllers: [ConnectorStatusController],
  providers: [ConnectorStatusService],
  exports: [ConnectorStatusService],
})
export class ConnectorStatusModule {}
