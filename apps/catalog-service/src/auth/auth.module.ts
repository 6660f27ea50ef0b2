import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { ApiKeyAuthenticator } from './api-key-authenticator.service';
import { CatalogAuthGuard } from './catalog-auth.guard';

@Module({
  providers: [ApiKeyAuthenticator, { provide: APP_GUARD, useClass: CatalogAuthGuard }],
  exports: [ApiKeyAuthenticator],
})
export class AuthModule {}
