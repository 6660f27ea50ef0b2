import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CATALOG_DATABASE_URL } from '../config/catalog-config.module';
import { catalogDataSourceOptions } from './data-source';
import { DatabaseRoundTrips } from './round-trips/database-round-trips.service';
import { RoundTripsMiddleware } from './round-trips/round-trips.middleware';

/** The catalog's TypeORM connection; features inject DataSource or use TypeOrmModule.forFeature. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CATALOG_DATABASE_URL],
      useFactory: (databaseUrl: string) => ({
        ...catalogDataSourceOptions(databaseUrl),
        // Readiness reports a database that is down; the app still starts and recovers.
        retryAttempts: 5,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [DatabaseRoundTrips],
})
export class DatabaseModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RoundTripsMiddleware).forRoutes('*');
  }
}
