import { Module } from '@nestjs/common';

import { ActivityRepository } from './activity.repository';
import { ActivityPrunerService } from './activity-pruner.service';
import { SyncController } from './sync.controller';
import { SyncStateRepository } from './sync-state.repository';
import { SyncVisibilityService } from './sync-visibility.service';

/** Sync visibility: per-record sync state, the activity feed, conflicts. */
@Module({
  controllers: [SyncController],
  providers: [
    SyncStateRepository,
    ActivityRepository,
    ActivityPrunerService,
    SyncVisibilityService,
  ],
  exports: [SyncStateRepository, ActivityRepository],
})
export class SyncModule {}
