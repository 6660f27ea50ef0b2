import { Module } from '@nestjs/common';

import { DatabaseHealthService } from './database-health.service';

/** Readiness checks of catalog-service; the endpoints come from @concord/observability. */
@Module({ providers: [DatabaseHealthService] })
export class CatalogHealthModule {}
