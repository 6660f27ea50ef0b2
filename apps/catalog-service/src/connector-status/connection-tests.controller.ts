import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import { ExternalSystemPipe } from '../integrations/external-system.pipe';
import { UuidParamPipe } from '../records/uuid-param.pipe';
import { ConnectionTestsService, type ConnectionTestView } from './connection-tests.service';

/** "Test the connection", run by the connector with the real credentials (admin scope). */
@ApiTags('integrations')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/integrations')
export class ConnectionTestsController {
  constructor(private readonly tests: ConnectionTestsService) {}

  /** Asks the connector for a test; 202 with the test to poll (`pending` until it answers). */
  @Post(':system/test')
  @HttpCode(202)
  request(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
  ): Promise<ConnectionTestView> {
    return this.tests.request(principal.apiKeyId, principal.tenantId, system);
  }

  /** The test's state: pending, succeeded, failed (the provider's message) or timed-out. */
  @Get(':system/tests/:id')
  get(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<ConnectionTestView> {
    return this.tests.get(principal.tenantId, system, id);
  }
}
