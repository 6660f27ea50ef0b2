import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import type { RecordPage } from '../records/record-list';
import { UuidParamPipe } from '../records/uuid-param.pipe';
import type { DeadLetterRecord } from './dead-letter.repository';
import { DeadLetterQueryDto } from './dead-letter-query.dto';
import { DeadLettersService } from './dead-letters.service';

/** Messages a consumer gave up on, with replay to that consumer and discard. */
@ApiTags('dead-letters')
@ApiBearerAuth()
@Controller('v1/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @RequireScope('read')
  list(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Query() query: DeadLetterQueryDto,
  ): Promise<RecordPage<DeadLetterRecord>> {
    return this.deadLetters.list(principal.tenantId, query);
  }

  @Get(':id')
  @RequireScope('read')
  get(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<DeadLetterRecord> {
    return this.deadLetters.get(principal.tenantId, id);
  }

  /** Republishes the message to the failed consumer's own retry topic (admin scope). */
  @Post(':id/replay')
  @HttpCode(200)
  @RequireScope('admin')
  replay(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<DeadLetterRecord> {
    return this.deadLetters.replay(principal.apiKeyId, principal.tenantId, id);
  }

  @Post(':id/discard')
  @HttpCode(200)
  @RequireScope('admin')
  discard(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<DeadLetterRecord> {
    return this.deadLetters.discard(principal.apiKeyId, principal.tenantId, id);
  }
}
