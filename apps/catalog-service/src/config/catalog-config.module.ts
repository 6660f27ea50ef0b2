import { DynamicModule, Global, Module } from '@nestjs/common';

import { type CatalogConfig } from './catalog-env';

export const CATALOG_CONFIG = Symbol('CATALOG_CONFIG');
/** URL of the catalog database itself (resolved and created before the app boots). */
export const CATALOG_DATABASE_URL = Symbol('CATALOG_DATABASE_URL');

/** The validated environment and the resolved database URL, for every module to inject. */
@Global()
@Module({})
export class CatalogConfigModule {
  static forRoot(config: CatalogConfig, databaseUrl: string): DynamicModule {
    return {
      module: CatalogConfigModule,
      providers: [
        { provide: CATALOG_CONFIG, useValue: config },
        { provide: CATALOG_DATABASE_URL, useValue: databaseUrl },
      ],
      exports: [CATALOG_CONFIG, CATALOG_DATABASE_URL],
    };
  }
}
