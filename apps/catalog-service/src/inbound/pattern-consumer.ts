import type { ConsumerRunner, KafkaLogger, TopicAdmin } from '@concord/kafka';

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
}

/**
 * A consumer group over every topic matching a pattern, including topics created later: kafkajs
 * resolves a RegExp subscription only once, so the topic list is checked every `refreshMs` and the
 * runner restarts (same group, committed offsets kept) when it changed.
 */
export class PatternConsumer {
  private runner?: ConsumerRunner;
  private topics: string[] = [];
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private idle = false;
  private prepared = false;

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
    await this.chain;
    await this.runner?.stop().catch(() => undefined);
    this.runner = undefined;
    this.topics = [];
    this.idle = false;
  }

  private schedule(): Promise<void> {
    this.chain = this.chain
      .then(() => this.refresh())
      .catch((error: unknown) => {
        this.options.logger.warn(
          {
            consumer: this.options.name,
            err: error instanceof Error ? error.message : String(error),
          },
          'consumer start failed; retrying',
        );
      });
    return this.chain;
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
    this.options.logger.info(
      { consumer: this.options.name, topics: topics.length },
      'consumer subscribed',
    );
  }
}
