import { type InvoiceStatus, InvoiceStatuses } from '@concord/model';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { RecordListQueryDto } from '../records/record-list-query.dto';
import { IsCalendarDate, IsCurrencyCode, IsMetadata } from '../records/record-validators';

const present = (field: string) => (dto: object) =>
  (dto as Record<string, unknown>)[field] !== undefined;

/** Amounts and totals are computed by the server: a client sends quantity and unit amount only. */
export class InvoiceLineDto {
  @ApiPropertyOptional({ description: 'Keeps an existing line of this invoice (PATCH only)' })
  @ValidateIf(present('id'))
  @IsUUID()
  id?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A product of the tenant' })
  @IsOptional()
  @IsUUID()
  productId?: string | null;

  @ApiProperty({ maxLength: 500 })
  @IsString()
  @MaxLength(500)
  description!: string;

  @ApiProperty({ minimum: 1, example: 2 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  quantity!: number;

  @ApiProperty({ description: 'Price of one unit in minor units', example: 1999 })
  @IsInt()
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  unitAmount!: number;
}

class InvoiceFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: '2025-02-28' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string | null;
}

export class CreateInvoiceDto extends InvoiceFieldsDto {
  @ApiProperty({ description: 'A customer of the tenant' })
  @IsUUID()
  customerId!: string;

  @ApiProperty({ maxLength: 64, example: 'INV-0001', description: 'Unique within the tenant' })
  @IsString()
  @Length(1, 64)
  number!: string;

  @ApiPropertyOptional({ enum: InvoiceStatuses, default: 'draft' })
  @IsOptional()
  @IsIn(InvoiceStatuses)
  status?: InvoiceStatus;

  @ApiProperty({ example: 'GBP' })
  @IsCurrencyCode()
  currency!: string;

  @ApiProperty({ example: '2025-01-31' })
  @IsCalendarDate()
  issueDate!: string;

  @ApiProperty({ type: InvoiceLineDto, isArray: true })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines!: InvoiceLineDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}

/** Only the fields given change; `lines`, when given, replaces all lines. */
export class UpdateInvoiceDto extends InvoiceFieldsDto {
  @ApiPropertyOptional()
  @ValidateIf(present('customerId'))
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @ValidateIf(present('number'))
  @IsString()
  @Length(1, 64)
  number?: string;

  @ApiPropertyOptional({ enum: InvoiceStatuses })
  @ValidateIf(present('status'))
  @IsIn(InvoiceStatuses)
  status?: InvoiceStatus;

  @ApiPropertyOptional()
  @ValidateIf(present('currency'))
  @IsCurrencyCode()
  currency?: string;

  @ApiPropertyOptional()
  @ValidateIf(present('issueDate'))
  @IsCalendarDate()
  issueDate?: string;

  @ApiPropertyOptional({ type: InvoiceLineDto, isArray: true })
  @ValidateIf(present('lines'))
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines?: InvoiceLineDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @ValidateIf(present('metadata'))
  @IsMetadata()
  metadata?: Record<string, string>;
}

export class InvoiceListQueryDto extends RecordListQueryDto {
  @ApiPropertyOptional({ enum: InvoiceStatuses })
  @IsOptional()
  @IsIn(InvoiceStatuses)
  status?: InvoiceStatus;

  @ApiPropertyOptional({ description: 'Only invoices of this customer' })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}
