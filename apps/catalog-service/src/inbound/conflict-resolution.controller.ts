import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import { UuidParamPipe } from '../records/uuid-param.pipe';
import { ResolveConflictDto } from './conflict-resolution.dto';
import { ConflictResolutionService, type ResolvedConflict } from './conflict-resolution.service';

/** Conflicts resolved by hand (write scope: it changes records). */
@ApiTags('sync')
@ApiBearerAuth()
@RequireScope('write')
@Controller('v1/sync/conflicts')
export class ConflictResolutionController {
  constructor(private readonly conflicts: ConflictResolutionService) {}

  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ResolveConflictDto,
  ): Promise<ResolvedConflict> {
    return this.conflicts.resolve(principal.apiKeyId, principal.tenantId, id, dto.choice);
  }
}
