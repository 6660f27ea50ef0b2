import { Module } from '@nestjs/common';

import { IntegrationsModule } from '../integrations/integrations.module';
import { BudgetSamplesRepository } from './budget-samples.repository';
import { ConnectionTestsController } from './connection-tests.controller';
import { ConnectionTestsService } from './connection-tests.service';
import { ConnectorStatusController } from './connector-status.controller';
import { ConnectorStatusService } from './connector-status.service';

/** Stores connector status reports (and connection tests' answers); the inbound consumer feeds it. */
@Module({
  imports: [IntegrationsModule],
  controllers: [ConnectorStatusController, ConnectionTestsController],
  providers: [ConnectorStatusService, ConnectionTestsService, BudgetSamplesRepository],
  exports: [ConnectorStatusService],
})
export class ConnectorStatusModule {}
