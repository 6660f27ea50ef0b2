import { Module } from '@nestjs/common';

import { ActivityListenerService } from './activity-listener.service';
import { ActivityStreamController } from './activity-stream.controller';

/** The live sync activity feed (server-sent events), fed by PostgreSQL NOTIFY to every replica. */
@Module({
  controllers: [ActivityStreamController],
  providers: [ActivityListenerService],
})
export class ActivityStreamModule {}
