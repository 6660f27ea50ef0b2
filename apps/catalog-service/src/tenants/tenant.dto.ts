import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

import { IssuedApiKeyView } from '../api-keys/api-key.dto';

export class CreateTenantDto {
  @ApiProperty({
    description: 'Tenant id: lower-case letters, digits, "_" and "-", 2 to 63 characters',
    example: 'acme',
  })
  @Matches(/^[a-z0-9][a-z0-9_-]{1,62}$/, {
    message: 'id must be 2 to 63 lower-case letters, digits, "_" or "-"',
  })
  id!: string;

  @ApiProperty({ example: 'Acme Ltd' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class TenantView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
}

export class CreatedTenantView {
  @ApiProperty({ type: TenantView }) tenant!: TenantView;
  @ApiProperty({ type: IssuedApiKeyView, description: 'The first admin key, shown once' })
  apiKey!: IssuedApiKeyView;
}
