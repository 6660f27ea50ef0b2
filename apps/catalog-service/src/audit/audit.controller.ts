import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import type { RecordPage } from '../records/record-list';
import { AuditEntryView, AuditService } from './audit.service';
import { AuditLogQueryDto } from './audit-log-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireScope('admin')
  @ApiOperation({ summary: 'Configuration changes of the tenant, newest first (admin scope)' })
  list(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Query() query: AuditLogQueryDto,
  ): Promise<RecordPage<AuditEntryView>> {
    return this.audit.list(principal.tenantId, query);
  }
}
