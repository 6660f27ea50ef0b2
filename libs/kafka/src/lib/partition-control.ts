import { Consumer, EachBatchPayload } from 'kafkajs';

import { KafkaLogger } from './kafka-logger';

const nextOffset = (offset: string): string => (BigInt(offset) + 1n).toString();

/** Commits past a partition's messages, and holds a partition until a message is due. */
export class PartitionControl {
  private readonly resumeTimers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly consumer: Pick<Consumer, 'seek'>,
    private readonly logger: KafkaLogger,
  ) {}

  /** Commits the partition up to and including `offset`. */
  async commit(payload: EachBatchPayload, offset: string): Promise<void> {
    const { topic, partition } = payload.batch;
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic, partitions: [{ partition, offset: nextOffset(offset) }] }],
    });
  }

  // Holds only this partition until the message is due (other partitions keep flowing and the
  // member keeps heartbeating), then fetches again from the message's own offset.
  deferPartition(payload: EachBatchPayload, offset: string, delayMs: number): void {
    const { topic, partition } = payload.batch;
    const resume = payload.pause();
    this.consumer.seek({ topic, partition, offset });
    const timer = setTimeout(
      () => {
        this.resumeTimers.delete(timer);
        resume();
      },
      Math.max(50, delayMs),
    );
    this.resumeTimers.add(timer);
    this.logger.debug(
      { topic, partition, offset, delayMs },
      'partition paused until a message is due',
    );
  }

  /** Drops the pending resumes (the runner is stopping). */
  clear(): void {
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
  }
}
