import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import type { RecordPage } from '../records/record-list';
import { UuidParamPipe } from '../records/uuid-param.pipe';
import { ActivityQueryDto } from './activity-query.dto';
import { SyncListQueryDto } from './sync-query.dto';
import {
  type ActivityView,
  type ConflictView,
  type RecordSyncView,
  SyncVisibilityService,
} from './sync-visibility.service';

/** Where each record stands in every connected system, recent sync events, conflicts (read). */
@ApiTags('sync')
@ApiBearerAuth()
@RequireScope('read')
@Controller('v1')
export class SyncController {
  constructor(private readonly sync: SyncVisibilityService) {}

  @Get('customers/:id/sync')
  customerSync(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<RecordSyncView> {
    return this.sync.recordSync(principal.tenantId, 'customer', id);
  }

  @Get('products/:id/sync')
  productSync(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<RecordSyncView> {
    return this.sync.recordSync(principal.tenantId, 'product', id);
  }

  @Get('invoices/:id/sync')
  invoiceSync(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<RecordSyncView> {
    return this.sync.recordSync(principal.tenantId, 'invoice', id);
  }

  /** Applied inbound changes, outcomes, conflicts and held deletes, newest first. */
  @Get('sync/activity')
  activity(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Query() query: ActivityQueryDto,
  ): Promise<RecordPage<ActivityView>> {
    return this.sync.activity(principal.tenantId, query);
  }

  @Get('sync/conflicts')
  conflicts(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Query() query: SyncListQueryDto,
  ): Promise<RecordPage<ConflictView>> {
    return this.sync.conflicts(principal.tenantId, query);
  }
}
