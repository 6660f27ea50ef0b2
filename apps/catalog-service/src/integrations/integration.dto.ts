import {
  ConflictStrategies,
  EntityTypes,
  EXTERNAL_SYSTEM_PATTERN,
  SyncDirections,
} from '@concord/model';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Canonical fields a matching key may name, per entity type (scalar fields only). */
export const MATCHABLE_FIELDS = {
  customer: ['email', 'name', 'phone'],
  product: ['sku', 'name'],
  invoice: ['number'],
} as const;

const ORIGIN_PATTERN = new RegExp(`^(catalog|${EXTERNAL_SYSTEM_PATTERN.slice(1, -1)})$`);

export class FieldMappingDto {
  @ApiProperty({ enum: EntityTypes })
  @IsIn(EntityTypes)
  entityType!: (typeof EntityTypes)[number];

  @ApiProperty({ example: 'metadata.segment', description: 'Canonical field or metadata.<key>' })
  @IsString()
  @Length(1, 200)
  canonicalField!: string;

  @ApiProperty({ example: 'Segment__c' })
  @IsString()
  @Length(1, 200)
  externalField!: string;

  @ApiPropertyOptional({ enum: SyncDirections })
  @IsOptional()
  @IsIn(SyncDirections)
  direction?: (typeof SyncDirections)[number];
}

export class MatchingKeysDto {
  @ApiPropertyOptional({ type: [String], example: ['email'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MATCHABLE_FIELDS.customer.length)
  @ArrayUnique()
  @IsIn(MATCHABLE_FIELDS.customer, { each: true })
  customer?: string[];

  @ApiPropertyOptional({ type: [String], example: ['sku'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MATCHABLE_FIELDS.product.length)
  @ArrayUnique()
  @IsIn(MATCHABLE_FIELDS.product, { each: true })
  product?: string[];

  @ApiPropertyOptional({ type: [String], example: ['number'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MATCHABLE_FIELDS.invoice.length)
  @ArrayUnique()
  @IsIn(MATCHABLE_FIELDS.invoice, { each: true })
  invoice?: string[];
}

export class FieldOwnerDto {
  @ApiProperty({ enum: EntityTypes })
  @IsIn(EntityTypes)
  entityType!: (typeof EntityTypes)[number];

  @ApiProperty({ example: 'phone' })
  @IsString()
  @Length(1, 200)
  field!: string;

  @ApiProperty({ example: 'salesforce', description: '"catalog" or an external system' })
  @Matches(ORIGIN_PATTERN, { message: 'owner must be "catalog" or an external system name' })
  owner!: string;
}

export class ConflictPolicyDto {
  @ApiProperty({ enum: ConflictStrategies })
  @IsIn(ConflictStrategies)
  default!: (typeof ConflictStrategies)[number];

  @ApiPropertyOptional({ type: [FieldOwnerDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FieldOwnerDto)
  fieldOwners?: FieldOwnerDto[];
}

/** The settings of a connection; PUT fills what is missing with defaults, PATCH leaves it. */
export class IntegrationSettingsDto {
  @ApiPropertyOptional({ description: 'Whether the connector syncs (PUT default false)' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: SyncDirections, description: 'PUT default both' })
  @IsOptional()
  @IsIn(SyncDirections)
  direction?: (typeof SyncDirections)[number];

  @ApiPropertyOptional({ enum: EntityTypes, isArray: true, description: 'PUT default all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EntityTypes.length)
  @ArrayUnique()
  @IsIn(EntityTypes, { each: true })
  entityTypes?: Array<(typeof EntityTypes)[number]>;

  @ApiPropertyOptional({ type: [FieldMappingDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FieldMappingDto)
  fieldMappings?: FieldMappingDto[];

  @ApiPropertyOptional({ type: MatchingKeysDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MatchingKeysDto)
  matchingKeys?: MatchingKeysDto;

  @ApiPropertyOptional({ type: ConflictPolicyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConflictPolicyDto)
  conflictPolicy?: ConflictPolicyDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    example: { baseUrl: 'http://127.0.0.1:12111' },
  })
  @IsOptional()
  @IsObject()
  settings?: Record<string, string | number | boolean>;
}

/** Write-only provider credentials: stored encrypted, never returned. */
export class CredentialsDto {
  @ApiPropertyOptional({ example: 'sk_test_...' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  apiKey?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  clientId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  clientSecret?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  accessToken?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  refreshToken?: string;

  @ApiPropertyOptional({ description: 'When the access token expires (ISO 8601)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  expiresAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  instanceUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  username?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  password?: string;

  @ApiPropertyOptional({ description: "The provider's own account or tenant id (e.g. Xero's)" })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  accountId?: string;
}

export class PauseIntegrationDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}
