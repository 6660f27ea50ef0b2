import type { BatchHandlerResult, ConsumedMessage } from '@concord/kafka';
import { BatchEventPattern } from '@concord/kafka-nest';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';

import { ApplierBatchHandler } from './batch/applier-batch-handler';

/** The pattern the inbound applier's subscription is routed by (see InboundConsumer). */
export const INBOUND_PATTERN = 'catalog.inbound';

/**
 * The inbound applier as a Nest microservice handler: every batch of connector messages (inbound
 * changes, outcomes, statuses, retries) from the `catalog-inbound` group.
 */
@Controller()
export class InboundHandler {
  constructor(private readonly batches: ApplierBatchHandler) {}

  @BatchEventPattern(INBOUND_PATTERN)
  apply(@Payload() messages: ConsumedMessage[]): Promise<BatchHandlerResult> {
    return this.batches.handle(messages);
  }
}
