import {
  type ConsumerRunner,
  exponentialDelay,
  type KafkaLogger,
  type TopicAdmin,
} from '@concord/kafka';

export interface PatternConsumerOptions {
  admin: TopicAdmin;
  /** Which existing topics to consume. */
  matches: (topic: string) => boolean;
  /** How often to look for new matching topics. */
  refreshMs: number;
  /** A runner over exactly these topics (the same group every time). */
  createRunner: (topics: string[]) => ConsumerRunner;
  logger: KafkaLogger;
  name: string;
  /** Runs before the first subscription (until it succeeds), e.g. to create the group's own topics. */
  prepare?: () => Promise<void>;
  /** The first wait before retrying a failed start (doubling up to `refreshMs`); 500 by default. */
  firstRetryMs?: number;
}

/**
 * A consumer group over every topic matching a pattern, including topics created later: kafkajs
 * resolves a RegExp subscription only once, so the topic list is checked every `refreshMs` and the
 * runner restarts (same group, committed offsets kept) when it changed. A start that fails (broker
 * away, a topic without a leader yet) is retried after 0.5 s, 1 s, 2 s… up to `refreshMs`, not
 * only at the next refresh, so one bad moment at start-up does not keep the group out for a whole
 * refresh period.
 */
export class PatternConsumer {
  private runner?: ConsumerRunner;
  private topics: string[] = [];
  private timer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private idle = false;
  private prepared = false;
  private subscribedBefore = false;

  constructor(private readonly options: PatternConsumerOptions) {}

  /** Joined its group, or nothing matches yet (then there is nothing to consume). */
  get isReady(): boolean {
    return this.runner?.isReady ?? this.idle;
  }

  get subscribedTopics(): string[] {
    return [...this.topics];
  }

  /** Starts in the background; a broker that is not there yet is retried every refresh. */
  start(): void {
    this.stopped = false;
    this.schedule();
    this.timer = setInterval(() => this.schedule(), this.options.refreshMs);
    this.timer.unref();
  }

  /** Resolves once the runner is (re)started over the topics that exist now. */
  refreshNow(): Promise<void> {
    return this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    await this.chain;
    await this.runner?.stop().catch(() => undefined);
    this.runner = undefined;
    this.topics = [];
    this.idle = false;
  }

  private schedule(): Promise<void> {
    this.chain = this.chain
      .then(() => this.refresh())
      .then(() => {
        this.failures = 0;
      })
      .catch((error: unknown) => this.retryLater(error));
    return this.chain;
  }

  private retryLater(error: unknown): void {
    this.failures += 1;
    const delayMs = exponentialDelay(this.failures, {
      initialDelayMs: this.options.firstRetryMs ?? 500,
      maxDelayMs: this.options.refreshMs,
    });
    this.options.logger.warn(
      {
        consumer: this.options.name,
        err: error instanceof Error ? error.message : String(error),
        attempt: this.failures,
        retryInMs: delayMs,
      },
      'consumer start failed; retrying',
    );
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.schedule(), delayMs);
    this.retryTimer.unref();
  }

  private async refresh(): Promise<void> {
    if (this.stopped) return;
    if (!this.prepared) {
      await this.options.prepare?.();
      this.prepared = true;
    }
    const topics = (await this.options.admin.listTopics()).filter(this.options.matches).sort();
    const unchanged =
      (this.runner !== undefined || this.idle) && topics.join('\n') === this.topics.join('\n');
    if (unchanged) return;
    if (this.runner) await this.runner.stop().catch(() => undefined);
    this.runner = undefined;
    this.idle = topics.length === 0;
    this.topics = topics;
    if (this.idle) return;
    const runner = this.options.createRunner(topics);
    try {
      await runner.start();
    } catch (error) {
      await runner.stop().catch(() => undefined);
      throw error;
    }
    this.runner = runner;
    // The first subscription is news; later ones follow topics appearing (a connector's first
    // start creates its topics, often while this app starts too) and would crowd the start-up log.
    const context = { consumer: this.options.name, topics: topics.length };
    if (this.subscribedBefore) this.options.logger.debug(context, 'consumer subscribed again');
    else this.options.logger.info(context, 'consumer subscribed');
    this.subscribedBefore = true;
  }
}
