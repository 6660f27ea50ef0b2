import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import type { IntegrationView } from './connection-settings.mapper';
import { ExternalSystemPipe } from './external-system.pipe';
import { CredentialsDto, IntegrationSettingsDto, PauseIntegrationDto } from './integration.dto';
import { IntegrationsService } from './integrations.service';

/** A tenant admin's connections to external systems (admin scope). */
@ApiTags('integrations')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  async list(@CurrentPrincipal() principal: ApiKeyPrincipal): Promise<{ data: IntegrationView[] }> {
    return { data: await this.integrations.list(principal.tenantId) };
  }

  @Get(':system')
  get(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
  ): Promise<IntegrationView> {
    return this.integrations.get(principal.tenantId, system);
  }

  /** Creates (201) or replaces (200) the connection; credentials are kept. */
  @Put(':system')
  async put(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
    @Body() dto: IntegrationSettingsDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IntegrationView> {
    const result = await this.integrations.put(principal.apiKeyId, principal.tenantId, system, dto);
    res.status(result.created ? 201 : 200);
    return result.view;
  }

  @Patch(':system')
  patch(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
    @Body() dto: IntegrationSettingsDto,
  ): Promise<IntegrationView> {
    return this.integrations.patch(principal.apiKeyId, principal.tenantId, system, dto);
  }

  @Delete(':system')
  @HttpCode(204)
  async remove(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
  ): Promise<void> {
    await this.integrations.remove(principal.apiKeyId, principal.tenantId, system);
  }

  /** Write-only: the response says only that credentials are set, under which key and when. */
  @Post(':system/credentials')
  @HttpCode(200)
  setCredentials(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
    @Body() dto: CredentialsDto,
  ): Promise<IntegrationView> {
    return this.integrations.setCredentials(principal.apiKeyId, principal.tenantId, system, dto);
  }

  @Post(':system/pause')
  @HttpCode(200)
  pause(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
    @Body() dto: PauseIntegrationDto,
  ): Promise<IntegrationView> {
    return this.integrations.pause(principal.apiKeyId, principal.tenantId, system, dto.reason);
  }

  @Post(':system/resume')
  @HttpCode(200)
  resume(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
  ): Promise<IntegrationView> {
    return this.integrations.resume(principal.apiKeyId, principal.tenantId, system);
  }

  @Post(':system/reconcile')
  @HttpCode(202)
  reconcile(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
  ): Promise<{ requestedReconciliation: string; integration: IntegrationView }> {
    return this.integrations.requestReconciliation(principal.apiKeyId, principal.tenantId, system);
  }
}
