import { Admin, ConfigResourceTypes, ITopicMetadata, Kafka } from 'kafkajs';

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor?: number;
  /** Topic-level configs, e.g. `{ 'cleanup.policy': 'compact' }`. */
  config?: Record<string, string>;
}

/** An existing topic whose partition count is not the one its declaration asks for. */
export interface PartitionMismatch {
  topic: string;
  declared: number;
  actual: number;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  committed: number;
  highWatermark: number;
  lag: number;
}

/** Topic administration: Concord's brokers do not auto-create topics, every app declares its own. */
export class TopicAdmin {
  private readonly admin: Admin;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  private connect(): Promise<void> {
    // A failed connect is forgotten: otherwise one broker outage at start would make every later
    // call fail with the same stale rejection, for the life of the process.
    this.connected ??= this.admin.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    await this.connected.catch(() => undefined);
    this.connected = undefined;
    await this.admin.disconnect();
  }

  /**
   * Creates the topics that do not exist yet and waits until every partition of every named topic
   * has a leader. Existing topics are left as they are (idempotent, also when another process
   * creates the same topic at the same moment). Returns the names that were missing when it looked
   * (under such a race another process may have created some of them).
   */
  async ensureTopics(specs: TopicSpec[]): Promise<string[]> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      // kafkajs answers TOPIC_ALREADY_EXISTS with `false` instead of throwing, so a race is fine.
      // Leaders are awaited below with a longer deadline: kafkajs's own wait gives up after 5 s
      // (and throws) when a busy broker is slow to elect them.
      await this.admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor ?? 1,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    await this.waitForLeaders(specs.map((s) => s.name));
    return missing.map((s) => s.name);
  }

  /**
   * The declared topics that exist with another partition count (Kafka never changes it: whoever
   * created the topic first decided). Missing topics are not listed.
   */
  async partitionMismatches(specs: TopicSpec[]): Promise<PartitionMismatch[]> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const present = specs.filter((s) => existing.has(s.name));
    if (present.length === 0) return [];
    const { topics } = await this.admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
    return present.flatMap((spec) => {
      const actual = topics.find((t) => t.name === spec.name)?.partitions.length;
      return actual === undefined || actual === spec.partitions
        ? []
        : [{ topic: spec.name, declared: spec.partitions, actual }];
    });
  }

  private async waitForLeaders(names: string[], timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await this.admin
        .fetchTopicMetadata({ topics: names })
        .then(({ topics }) => topics.every((t) => t.partitions.every((p) => p.leader >= 0)))
        .catch(() => false);
      if (ready) return;
      if (Date.now() > deadline)
        throw new Error(`Kafka topics have no leader after ${timeoutMs} ms: ${names.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async deleteTopics(names: string[]): Promise<void> {
    await this.connect();
    if (names.length > 0) await this.admin.deleteTopics({ topics: names, timeout: 10000 });
  }

  async listTopics(): Promise<string[]> {
    await this.connect();
    return this.admin.listTopics();
  }

  async describeTopic(
    name: string,
  ): Promise<{ metadata: ITopicMetadata; config: Record<string, string> }> {
    await this.connect();
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [name] });
    const described = await this.admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name }],
    });
    const config: Record<string, string> = {};
    for (const entry of described.resources[0]?.configEntries ?? [])
      config[entry.configName] = entry.configValue;
    return { metadata: topics[0], config };
  }

  /**
   * Committed offset versus high watermark per partition, for the given topics or, without them,
   * for every topic the group has committed on. A partition never committed counts from 0.
   */
  async groupLag(groupId: string, topics?: string[]): Promise<PartitionLag[]> {
    await this.connect();
    const names = topics ?? (await this.admin.fetchOffsets({ groupId })).map((t) => t.topic);
    if (names.length === 0) return [];
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of await this.admin.fetchOffsets({ groupId, topics: names })) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      for (const { partition, offset } of partitions) {
        const high = Number(ends.find((e) => e.partition === partition)?.high ?? 0);
        const committed = Math.max(0, Number(offset));
        lags.push({
          topic,
          partition,
          committed,
          highWatermark: high,
          lag: Math.max(0, high - committed),
        });
      }
    }
    return lags.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }
}
