import { AsyncLocalStorage } from 'node:async_hooks';

import type { MessageSender } from './publisher-port';

type Messages = Parameters<MessageSender['send']>[1];

/** What one batch produced, per topic, in the order it was sent. */
export interface CollectedOutputs {
  topic: string;
  messages: Messages;
}

/**
 * A MessageSender that, inside `collect`, keeps what is sent instead of producing it, so that
 * everything one consumed batch produces (outcomes, parked messages) can go out in one request
 * with its retries and dead letters. Outside `collect` it sends at once. Batches consumed
 * concurrently (several partitions) each collect their own outputs.
 */
export class BatchingSender implements MessageSender {
  private readonly current = new AsyncLocalStorage<CollectedOutputs[]>();

  constructor(private readonly direct: MessageSender) {}

  async send(topic: string, messages: Messages): Promise<unknown> {
    const collected = this.current.getStore();
    if (!collected) return this.direct.send(topic, messages);
    collected.push({ topic, messages });
    return [];
  }

  /** Runs `work`, collecting what it sends; returns its result and the collected outputs. */
  async collect<T>(work: () => Promise<T>): Promise<{ result: T; outputs: CollectedOutputs[] }> {
    const outputs: CollectedOutputs[] = [];
    const result = await this.current.run(outputs, work);
    return { result, outputs };
  }
}
