import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { RecordListQueryDto } from '../records/record-list-query.dto';
import { IsCatalogEmail, IsCurrencyCode, IsMetadata } from '../records/record-validators';

const present = (field: string) => (dto: object) =>
  (dto as Record<string, unknown>)[field] !== undefined;

export class AddressDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  line1!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf(present('line2'))
  @IsString()
  @MaxLength(200)
  line2?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf(present('city'))
  @IsString()
  @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf(present('state'))
  @IsString()
  @MaxLength(100)
  state?: string;

  @ApiPropertyOptional({ maxLength: 20 })
  @ValidateIf(present('postalCode'))
  @IsString()
  @MaxLength(20)
  postalCode?: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'GB' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code, e.g. GB' })
  country!: string;
}

/** The nullable fields a customer create and update share. */
class CustomerFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'ada@example.com' })
  @IsOptional()
  @IsCatalogEmail()
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'GBP' })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string | null;
}

export class CreateCustomerDto extends CustomerFieldsDto {
  @ApiProperty({ maxLength: 200, example: 'Ada Lovelace' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}

/** Only the fields given change; `null` clears a nullable field. */
export class UpdateCustomerDto extends CustomerFieldsDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @ValidateIf(present('name'))
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @ValidateIf(present('metadata'))
  @IsMetadata()
  metadata?: Record<string, string>;
}

export class CustomerListQueryDto extends RecordListQueryDto {
  @ApiPropertyOptional({ description: 'Exact email address (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;
}
