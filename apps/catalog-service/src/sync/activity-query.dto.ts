import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

import type { ActivityKind } from './activity.repository';
import { ACTIVITY_KINDS, ACTIVITY_OUTCOMES, type ActivityOutcome } from './activity-filter';
import { SyncListQueryDto } from './sync-query.dto';

/**
 * The activity list's filters: the sync list's, plus the kind or the outcome of the event, and
 * one record's id (a record's history in the console).
 */
export class ActivityQueryDto extends SyncListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "one record's events (its catalog id)" })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ enum: ACTIVITY_KINDS })
  @IsOptional()
  @IsIn(ACTIVITY_KINDS)
  kind?: ActivityKind;

  @ApiPropertyOptional({
    enum: ACTIVITY_OUTCOMES,
    description: 'success (created, linked, updated, synced), failure, conflict, delete or other',
  })
  @IsOptional()
  @IsIn(ACTIVITY_OUTCOMES)
  outcome?: ActivityOutcome;
}
