import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { PlatformAdminOnly } from '../auth/auth.decorators';
import { CreatedTenantView, CreateTenantDto, TenantView } from './tenant.dto';
import { TenantsService } from './tenants.service';

/** Platform operator only: authenticated by CONCORD_ADMIN_API_KEY. */
@ApiTags('admin')
@ApiBearerAuth()
@PlatformAdminOnly()
@Controller('v1/admin/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTenantView })
  create(@Body() dto: CreateTenantDto): Promise<CreatedTenantView> {
    return this.tenants.create(dto);
  }

  @Get()
  @ApiOkResponse({ type: TenantView, isArray: true })
  async list(): Promise<{ data: TenantView[] }> {
    return { data: await this.tenants.list() };
  }
}
