import { Module } from '@nestjs/common';

import { SyncKafka } from './sync-kafka.service';

/** One Kafka client and producer for the applier, the collector, backfills and replays. */
@Module({ providers: [SyncKafka], exports: [SyncKafka] })
export class SyncKafkaModule {}
