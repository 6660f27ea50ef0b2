import { EXTERNAL_SYSTEM_PATTERN } from '@concord/model';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

import { PageQueryDto } from './page-query.dto';
import { IsTimestamp } from './record-validators';

/** Query parameters every record list accepts. */
export class RecordListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only records changed at or after this ISO date-time' })
  @IsOptional()
  @IsTimestamp()
  updatedSince?: string;

  @ApiPropertyOptional({
    description:
      'Text anywhere in the name or email (customers), name or SKU (products) or number (invoices); case-insensitive',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'Id of the record in `system` (requires `system`)' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  externalId?: string;

  @ApiPropertyOptional({ description: 'Only records linked to this external system' })
  @IsOptional()
  @Matches(new RegExp(EXTERNAL_SYSTEM_PATTERN), { message: 'system must be a system name' })
  system?: string;

  @ApiPropertyOptional({ description: 'Include soft-deleted records', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeDeleted?: boolean;
}

/** `?includeDeleted=true` on a single-record GET. */
export class RecordGetQueryDto {
  @ApiPropertyOptional({ description: 'Return the record even if soft-deleted', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeDeleted?: boolean;
}
