import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import {
  type IntegrationOverview,
  IntegrationsOverviewService,
} from './integrations-overview.service';
import { SyncChartsQueryDto } from './sync-charts.dto';
import { type SyncCharts, SyncChartsService } from './sync-charts.service';

/** The console's overview of every external system (read scope: no settings or credentials). */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('v1/overview')
export class OperatorOverviewController {
  constructor(
    private readonly overview: IntegrationsOverviewService,
    private readonly charts: SyncChartsService,
  ) {}

  @Get('integrations')
  async list(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
  ): Promise<{ data: IntegrationOverview[] }> {
    return { data: await this.overview.list(principal.tenantId) };
  }

  /** Changes and failures per minute per system, and each connector's last budget use. */
  @Get('charts')
  syncCharts(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Query() query: SyncChartsQueryDto,
  ): Promise<SyncCharts> {
    return this.charts.charts(principal.tenantId, query.minutes ?? 60);
  }
}
