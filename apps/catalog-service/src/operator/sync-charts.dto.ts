import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** How far back the charts look, in minutes (one point per minute). */
export class SyncChartsQueryDto {
  @ApiPropertyOptional({ minimum: 5, maximum: 1440, default: 60 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(1440)
  minutes?: number;
}
