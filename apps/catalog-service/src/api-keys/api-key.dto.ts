import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';

import { type ApiKeyScope, ApiKeyScopes } from './api-key.entity';

export class CreateApiKeyDto {
  @ApiProperty({ description: 'What the key is for, e.g. "billing backend"', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: ApiKeyScopes, isArray: true, example: ['read', 'write'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(ApiKeyScopes, { each: true, message: 'each scope must be one of read, write, admin' })
  scopes!: ApiKeyScope[];
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({
    description: 'Seconds the old key keeps working (default 0: revoked at once)',
    minimum: 0,
    maximum: 604800,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  graceSeconds?: number;
}

/** An API key as listed: never the key itself or its hash. */
export class ApiKeyView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Public part of the key (ck_live_<keyId>_...)' }) keyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ApiKeyScopes, isArray: true }) scopes!: ApiKeyScope[];
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) rotatedFrom!: string | null;
}

/** A new key: `key` appears in this response only. */
export class IssuedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The secret key. Shown once; store it now.' }) key!: string;
}
