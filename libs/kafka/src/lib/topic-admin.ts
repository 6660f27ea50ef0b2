import { Admin, ITopicMetadata, Kafka } from 'kafkajs';

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor?: number;
  /** Topic-level configs, e.g. `{ 'cleanup.policy': 'compact' }`. */
  config?: Record<string, string>;
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
    this.connected ??= this.admin.connect();
    return this.connected;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    await this.connected.catch(() => undefined);
    this.connected = undefined;
    await this.admin.disconnect();
  }

  /** Creates the topics that do not exist yet; existing topics are left as they are. */
  async ensureTopics(specs: TopicSpec[]): Promise<string[]> {
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length === 0) return [];
    try {
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor ?? 1,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    } catch (error) {
      // Another process created some of them at the same moment: fine as long as they now exist.
      const now = new Set(await this.admin.listTopics());
      if (!missing.every((s) => now.has(s.name))) throw error;
    }
    return missing.map((s) => s.name);
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
      resources: [{ type: 2, name }],
    });
    const config: Record<string, string> = {};
    for (const entry of described.resources[0]?.configEntries ?? [])
      config[entry.configName] = entry.configValue;
    return { metadata: topics[0], config };
  }

  /** Committed offset versus high watermark per partition of every topic the group consumes. */
  async groupLag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    await this.connect();
    const lags: PartitionLag[] = [];
    const committed = await this.admin.fetchOffsets({ groupId, topics });
    for (const { topic, partitions } of committed) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      for (const { partition, offset } of partitions) {
        const high = Number(ends.find((e) => e.partition === partition)?.high ?? 0);
        const done = Number(offset) < 0 ? 0 : Number(offset);
        lags.push({
          topic,
          partition,
          committed: done,
          highWatermark: high,
          lag: Math.max(0, high - done),
        });
      }
    }
    return lags;
  }
}
