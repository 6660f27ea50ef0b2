import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { CurrentPlatformAdmin, PlatformAdminOnly } from '../auth/auth.decorators';
import type { PlatformAdminPrincipal } from '../auth/principal';
import { CreatedTenantView, CreateTenantDto, TenantView } from './tenant.dto';
import { TenantsService } from './tenants.service';

/**
 * Platform operator only: authenticated by CONCORD_ADMIN_API_KEY in the guard, and each handler
 * takes the platform-admin principal, so it refuses on its own should a guard ever be skipped.
 */
@ApiTags('admin')
@ApiBearerAuth()
@PlatformAdminOnly()
@Controller('v1/admin/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTenantView })
  create(
    @CurrentPlatformAdmin() _admin: PlatformAdminPrincipal,
    @Body() dto: CreateTenantDto,
  ): Promise<CreatedTenantView> {
    return this.tenants.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: TenantView, isArray: true })
  async list(
    @CurrentPlatformAdmin() _admin: PlatformAdminPrincipal,
  ): Promise<{ data: TenantView[] }> {
    return { data: await this.tenants.list() };
  }
}
