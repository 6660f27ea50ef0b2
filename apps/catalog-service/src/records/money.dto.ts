import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

import { IsCurrencyCode } from './record-validators';

/**
 * A price in the API: an integer amount in the currency's minor unit (cents for USD, yen for JPY),
 * never negative (the external systems refuse negative prices).
 */
export class MoneyDto {
  @ApiProperty({ description: 'Integer amount in minor units', example: 1999 })
  @IsInt()
  @Min(0, { message: 'amount must not be negative' })
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;

  @ApiProperty({ description: 'ISO 4217 code', example: 'GBP' })
  @IsCurrencyCode()
  currency!: string;
}
