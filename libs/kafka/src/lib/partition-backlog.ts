import { Admin, Kafka } from 'kafkajs';

/** How long one read of a topic's end offsets answers for every partition of it. */
const END_OFFSETS_FRESH_MS = 250;
/** The longest a question waits for the broker; past it the answer is "not known" (false). */
const ANSWER_WITHIN_MS = 2_000;

/**
 * Whether records were written to a partition after a given offset, read from the topic's end
 * offsets now (not the high watermark of the fetch that brought the offset, which is old by the
 * time a batch handler asks). One admin read per topic answers for a quarter of a second.
 */
export class PartitionBacklog {
  private admin: Admin | null = null;
  private connecting: Promise<Admin> | null = null;
  private readonly ends = new Map<string, { at: number; ends: Promise<Map<number, bigint>> }>();

  constructor(
    private readonly client: Pick<Kafka, 'admin'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * True when the partition holds a record after `offset`; false when unknown (a failed read, or
   * none within 2 s: whoever asks is holding records back meanwhile).
   */
  async behind(topic: string, partition: number, offset: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN_MS);
    });
    try {
      const ends = await Promise.race([this.endOffsets(topic), late]);
      const end = ends?.get(partition);
      return end !== undefined && end - 1n > BigInt(offset);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    this.connecting = null;
    this.ends.clear();
    await admin?.disconnect().catch(() => undefined);
  }

  private endOffsets(topic: string): Promise<Map<number, bigint>> {
    const cached = this.ends.get(topic);
    if (cached && this.now() - cached.at < END_OFFSETS_FRESH_MS) return cached.ends;
    const ends = this.connected().then(async (admin) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.map((o) => [o.partition, BigInt(o.high)] as const));
    });
    ends.catch(() => this.ends.delete(topic));
    this.ends.set(topic, { at: this.now(), ends });
    return ends;
  }

  private connected(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      const admin = this.client.admin();
      try {
        await admin.connect();
      } catch (error) {
        this.connecting = null;
        throw error;
      }
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }
}
