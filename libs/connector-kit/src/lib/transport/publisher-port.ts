/** The producer surface the kit's publishers need (KafkaPublisher satisfies it; tests fake it). */
export interface MessageSender {
  send(
    topic: string,
    messages: Array<{
      key: string | null;
      value: object | string | null;
      headers?: Record<string, string>;
    }>,
  ): Promise<unknown>;
}
