import { Module } from '@nestjs/common';

import { OutboxPrunerService } from './outbox-pruner.service';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxWriter } from './outbox-writer.service';

/** OutboxWriter for features that change records; the relay and the pruner run in the background. */
@Module({
  providers: [OutboxWriter, OutboxRelayService, OutboxPrunerService],
  exports: [OutboxWriter],
})
export class OutboxModule {}
