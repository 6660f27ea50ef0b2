import { EntityTypes, EXTERNAL_SYSTEM_PATTERN } from '@concord/model';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Filters and paging of the sync activity and conflict lists (newest first). */
export class SyncListQueryDto {
  @ApiPropertyOptional({ example: 'stripe' })
  @IsOptional()
  @Matches(new RegExp(EXTERNAL_SYSTEM_PATTERN), { message: 'system must be a system name' })
  system?: string;

  @ApiPropertyOptional({ enum: EntityTypes })
  @IsOptional()
  @IsIn(EntityTypes)
  entityType?: (typeof EntityTypes)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  cursor?: string;
}
