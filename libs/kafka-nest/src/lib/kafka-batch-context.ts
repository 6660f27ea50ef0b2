import type { ConsumedMessage } from '@concord/kafka';
import { BaseRpcContext } from '@nestjs/microservices';

/** What a batch handler may ask besides the batch itself: its pattern and consumer group. */
export class KafkaBatchContext extends BaseRpcContext<
  [string, string, readonly ConsumedMessage[]]
> {
  /** The `@EventPattern` the batch was routed by. */
  getPattern(): string {
    return this.args[0];
  }

  /** The consumer group that received it. */
  getGroupId(): string {
    return this.args[1];
  }

  getMessages(): readonly ConsumedMessage[] {
    return this.args[2];
  }
}
