import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, RequireScope } from '../../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../../auth/principal';
import { ExternalSystemPipe } from '../../integrations/external-system.pipe';
import type { HeldDelete } from './held-deletes.repository';
import { type HeldDeletesDecision, HeldDeletesService } from './held-deletes.service';

/** Deletes the mass-delete guard held, for an operator to approve or reject (admin scope). */
@ApiTags('integrations')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/integrations/:system/held-deletes')
export class HeldDeletesController {
  constructor(private readonly heldDeletes: HeldDeletesService) {}

  @Get()
  async list(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
  ): Promise<{ data: HeldDelete[] }> {
    return { data: await this.heldDeletes.list(principal.tenantId, system) };
  }

  /** Applies every held delete that still applies, then resumes the connection. */
  @Post('approve')
  @HttpCode(200)
  approve(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
  ): Promise<HeldDeletesDecision> {
    return this.heldDeletes.approve(principal.apiKeyId, principal.tenantId, system);
  }

  /** Drops the held deletes (the records stay) and resumes the connection. */
  @Post('reject')
  @HttpCode(200)
  reject(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('system', ExternalSystemPipe) system: string,
  ): Promise<HeldDeletesDecision> {
    return this.heldDeletes.reject(principal.apiKeyId, principal.tenantId, system);
  }
}
