import { EntityTypes, EXTERNAL_SYSTEM_PATTERN } from '@concord/model';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

import type { ActivityKind } from '../activity.repository';
import { ACTIVITY_KINDS, ACTIVITY_OUTCOMES, type ActivityOutcome } from '../activity-filter';

/** The live stream's filters: the activity list's, without paging. */
export class ActivityStreamQueryDto {
  @ApiPropertyOptional({ example: 'stripe' })
  @IsOptional()
  @Matches(new RegExp(EXTERNAL_SYSTEM_PATTERN), { message: 'system must be a system name' })
  system?: string;

  @ApiPropertyOptional({ enum: EntityTypes })
  @IsOptional()
  @IsIn(EntityTypes)
  entityType?: (typeof EntityTypes)[number];

  @ApiPropertyOptional({ enum: ACTIVITY_KINDS })
  @IsOptional()
  @IsIn(ACTIVITY_KINDS)
  kind?: ActivityKind;

  @ApiPropertyOptional({ enum: ACTIVITY_OUTCOMES })
  @IsOptional()
  @IsIn(ACTIVITY_OUTCOMES)
  outcome?: ActivityOutcome;
}
