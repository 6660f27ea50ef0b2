import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import { UuidParamPipe } from '../records/uuid-param.pipe';
import { ApiKeyView, CreateApiKeyDto, IssuedApiKeyView, RotateApiKeyDto } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';

/** A tenant admin manages the tenant's keys (admin scope). */
@ApiTags('api-keys')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiCreatedResponse({ type: IssuedApiKeyView, description: 'The key is in this response only' })
  create(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Body() dto: CreateApiKeyDto,
  ): Promise<IssuedApiKeyView> {
    return this.apiKeys.create({
      tenantId: principal.tenantId,
      name: dto.name,
      scopes: dto.scopes,
      actor: principal.apiKeyId,
    });
  }

  @Get()
  @ApiOkResponse({ type: ApiKeyView, isArray: true })
  async list(@CurrentPrincipal() principal: ApiKeyPrincipal): Promise<{ data: ApiKeyView[] }> {
    return { data: await this.apiKeys.list(principal.tenantId) };
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiKeyView, description: 'The revoked key' })
  revoke(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<ApiKeyView> {
    return this.apiKeys.revoke(principal.tenantId, id, principal.apiKeyId);
  }

  @Post(':id/rotate')
  @HttpCode(201)
  @ApiCreatedResponse({ type: IssuedApiKeyView, description: 'The new key, shown once' })
  rotate(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RotateApiKeyDto,
  ): Promise<IssuedApiKeyView> {
    return this.apiKeys.rotate(principal.tenantId, id, dto.graceSeconds ?? 0, principal.apiKeyId);
  }
}
