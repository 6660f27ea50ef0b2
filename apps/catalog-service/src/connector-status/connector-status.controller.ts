import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import { ExternalSystemPipe } from '../integrations/external-system.pipe';
import { ConnectorStatusService, type ConnectorStatusView } from './connector-status.service';

@ApiTags('integrations')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/integrations')
export class ConnectorStatusController {
  constructor(private readonly statuses: ConnectorStatusService) {}

  /** The latest status the connector reported (health, state, budget, webhook endpoint). */
  @Get(':system/status')
  status(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
  ): Promise<ConnectorStatusView> {
    return this.statuses.get(principal.tenantId, system);
  }
}
