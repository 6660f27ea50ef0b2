import { Module } from '@nestjs/common';

import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyKeys } from './idempotency-keys.repository';

@Module({
  providers: [IdempotencyKeys, IdempotencyInterceptor],
  exports: [IdempotencyKeys, IdempotencyInterceptor],
})
export class IdempotencyModule {}
