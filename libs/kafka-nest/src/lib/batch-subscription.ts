import type { ConsumerRunnerOptions } from '@concord/kafka';

/** Topics created later are picked up: the list is checked again every `refreshMs`. */
export interface MatchedTopics {
  matches(topic: string): boolean;
  refreshMs: number;
  /** Matching topics not to consume (e.g. the retry topic, which the runner consumes itself). */
  exclude?: readonly string[];
}

/**
 * One consumer group feeding one `@EventPattern(pattern)` handler with batches. Everything a
 * ConsumerRunner does besides the handler (retry topic, dead letters, commit after success) is
 * set here; the handler only says what became of each message.
 */
export interface BatchSubscription {
  /** The pattern the handler is declared with: `@EventPattern(pattern)`. */
  pattern: string;
  groupId: string;
  /** A fixed list, or every existing topic a matcher accepts. */
  topics: readonly string[] | MatchedTopics;
  /** Runs before the first subscription (until it succeeds), e.g. to create the group's topics. */
  prepare?: () => Promise<void>;
  /** The runner's settings besides client, group, topics, handler and publisher. */
  runner?: Omit<
    ConsumerRunnerOptions,
    'client' | 'groupId' | 'topics' | 'handler' | 'batchHandler' | 'publisher' | 'logger'
  >;
}
