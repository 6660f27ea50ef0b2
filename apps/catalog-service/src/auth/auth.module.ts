import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { RateLimitsModule } from '../rate-limits/rate-limits.module';
import { ApiKeyAuthenticator } from './api-key-authenticator.service';
import { CatalogAuthGuard } from './catalog-auth.guard';

@Module({
  imports: [RateLimitsModule],
  providers: [ApiKeyAuthenticator, { provide: APP_GUARD, useClass: CatalogAuthGuard }],
  exports: [ApiKeyAuthenticator],
})
export class AuthModule {}
