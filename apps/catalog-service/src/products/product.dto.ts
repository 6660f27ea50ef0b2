import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { MoneyDto } from '../records/money.dto';
import { RecordListQueryDto } from '../records/record-list-query.dto';
import { IsMetadata } from '../records/record-validators';

const present = (field: string) => (dto: object) =>
  (dto as Record<string, unknown>)[field] !== undefined;

class ProductFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sku?: string | null;

  @ApiPropertyOptional({ type: MoneyDto, nullable: true, description: 'Default unit price' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  unitPrice?: MoneyDto | null;
}

export class CreateProductDto extends ProductFieldsDto {
  @ApiProperty({ maxLength: 200, example: 'Difference Engine' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Free key/value pairs: at most 50 keys of 1 to 40 characters, values up to 500',
  })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}

/** Only the fields given change; `null` clears a nullable field. */
export class UpdateProductDto extends ProductFieldsDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf(present('name'))
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @ValidateIf(present('active'))
  @IsBoolean()
  active?: boolean;

  /** Replaces the whole map (as for customers); `{}` removes every key. */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Replaces the whole map; {} removes every key',
  })
  @ValidateIf(present('metadata'))
  @IsMetadata()
  metadata?: Record<string, string>;
}

export class ProductListQueryDto extends RecordListQueryDto {
  @ApiPropertyOptional({ description: 'Exact SKU' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sku?: string;
}
