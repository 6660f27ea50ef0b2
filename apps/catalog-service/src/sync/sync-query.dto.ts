import { EntityTypes, EXTERNAL_SYSTEM_PATTERN } from '@concord/model';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

import { PageQueryDto } from '../records/page-query.dto';

/** Filters and paging of the sync activity and conflict lists (newest first). */
export class SyncListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'stripe' })
  @IsOptional()
  @Matches(new RegExp(EXTERNAL_SYSTEM_PATTERN), { message: 'system must be a system name' })
  system?: string;

  @ApiPropertyOptional({ enum: EntityTypes })
  @IsOptional()
  @IsIn(EntityTypes)
  entityType?: (typeof EntityTypes)[number];
}
