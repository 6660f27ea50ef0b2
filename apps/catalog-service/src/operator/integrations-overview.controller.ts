import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import {
  type IntegrationOverview,
  IntegrationsOverviewService,
} from './integrations-overview.service';

/** The console's overview of every external system (read scope: no settings or credentials). */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('v1/overview/integrations')
export class IntegrationsOverviewController {
  constructor(private readonly overview: IntegrationsOverviewService) {}

  @Get()
  async list(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
  ): Promise<{ data: IntegrationOverview[] }> {
    return { data: await this.overview.list(principal.tenantId) };
  }
}
