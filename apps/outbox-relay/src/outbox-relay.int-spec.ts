import { existsSync } from 'node:fs';
import { join } from 'node:path';

import {
  OUTBOX_LOCK_NAMESPACE,
  OUTBOX_TABLE_STATEMENTS,
  RELAY_APPLICATION_NAME,
} from '@concord/catalog-outbox';
import { createKafkaClient, TopicAdmin } from '@concord/kafka';
import { CatalogTopics, ConnectionsTopic, topicCatalog, withTopicPrefix } from '@concord/model';
import {
  type AppProcess,
  collectMessages,
  eventually,
  randomSuffix,
  startAppProcess,
  type TestDatabase,
  testDatabase,
  testDatabaseAdminUrl,
  testKafkaBrokers,
  testTenantId,
  testTopicPrefix,
} from '@concord/testing';
import { Pool, type PoolClient } from 'pg';

import {
  type Backlog,
  firstSeenVersions,
  seedOutboxBacklog,
  unpublishedCount,
} from '../test/outbox-backlog';

// The relay runs as its own process (built by `node tools/scripts/build.mjs`, as `npm test` does
// before its integration stage), so it can be killed for real.
const RELAY_SCRIPT = 'dist/apps/outbox-relay/src/main.js';
const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

const ENTITIES = 40;
const VERSIONS = 60;

interface RelaySession {
  pid: number;
  blocked: boolean;
  /** Shard advisory locks the session holds. */
  shards: number;
}

interface Scenario {
  database: TestDatabase;
  db: Pool;
  topicPrefix: string;
  backlog: Backlog;
  env: Record<string, string>;
  /** Sessions holding row locks, released after each test. */
  holders: PoolClient[];
}

describe('OutboxRelay as a process: crashes, competition and lost sessions', () => {
  const started: AppProcess[] = [];
  const scenarios: Scenario[] = [];

  beforeAll(() => {
    if (!existsSync(join(WORKSPACE_ROOT, RELAY_SCRIPT))) {
      throw new Error(`${RELAY_SCRIPT} is missing: run node tools/scripts/build.mjs first`);
    }
  });

  afterEach(async () => {
    for (const relay of started.splice(0)) await relay.kill().catch(() => undefined);
    for (const scenario of scenarios.splice(0)) {
      for (const holder of scenario.holders) {
        await holder.query('ROLLBACK').catch(() => undefined);
        holder.release();
      }
      await scenario.db.end();
      await scenario.database.drop();
    }
  });

  async function scenario(): Promise<Scenario> {
    const database = await testDatabase('relay');
    const db = new Pool({ connectionString: database.url, max: 2 });
    // An idle session PostgreSQL ends (the server restarting, an operator) is replaced by the
    // pool; without a listener node-postgres throws it as an unhandled error. Queries that fail
    // still fail the test.
    db.on('error', () => undefined);
    // The table contract of libs/catalog-outbox, as catalog-service's migration creates it.
    for (const statement of OUTBOX_TABLE_STATEMENTS) await db.query(statement);
    const topicPrefix = testTopicPrefix();
    const backlog = await seedOutboxBacklog(db, testTenantId(), ENTITIES, VERSIONS);
    const env = {
      DATABASE_URL: testDatabaseAdminUrl(),
      CATALOG_DATABASE: database.name,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      KAFKA_CLIENT_ID: `relay-test-${randomSuffix()}`,
      HOST: '127.0.0.1',
      OUTBOX_BATCH_SIZE: '10',
      OUTBOX_POLL_INTERVAL_MS: '50',
      LOG_LEVEL: 'info',
    };
    const created = { database, db, topicPrefix, backlog, env, holders: [] };
    scenarios.push(created);
    return created;
  }

  async function startRelay(env: Record<string, string>): Promise<AppProcess> {
    const relay = await startAppProcess({ name: 'outbox-relay', script: RELAY_SCRIPT, env });
    started.push(relay);
    return relay;
  }

  async function publishedSoFar(db: Pool, total: number): Promise<number> {
    return total - (await unpublishedCount(db));
  }

  /**
   * Holds a row lock on the row in the middle of the backlog. A relay publishes that row's batch
   * to Kafka and then blocks marking it published: a relay caught exactly between publishing and
   * marking, without depending on how fast this machine is.
   */
  async function holdMiddleRow(run: Scenario): Promise<PoolClient> {
    const { rows } = await run.db.query(
      'SELECT id FROM outbox ORDER BY sequence OFFSET $1 LIMIT 1',
      [Math.floor(run.backlog.total / 2)],
    );
    const holder = await run.db.connect();
    run.holders.push(holder);
    await holder.query('BEGIN');
    // By id: with OFFSET, FOR UPDATE would lock every row the scan passes, not just this one.
    await holder.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE', [rows[0].id]);
    return holder;
  }

  async function release(holder: PoolClient): Promise<void> {
    await holder.query('ROLLBACK');
  }

  async function relaySessions({ db, database }: Scenario): Promise<RelaySession[]> {
    const { rows } = await db.query(
      `SELECT a.pid, a.wait_event_type = 'Lock' AS blocked,
         (SELECT count(*)::int FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory'
           AND l.classid = $2 AND l.granted) AS shards
       FROM pg_stat_activity a WHERE a.datname = $1 AND a.application_name = $3`,
      [database.name, OUTBOX_LOCK_NAMESPACE, RELAY_APPLICATION_NAME],
    );
    return rows;
  }

  /** The database session of the relay that is blocked marking the held row. */
  async function waitUntilBlocked(run: Scenario, exceptPid?: number): Promise<RelaySession> {
    return eventually(
      async () => {
        const blocked = (await relaySessions(run)).find(
          (session) => session.blocked && session.pid !== exceptPid,
        );
        if (!blocked) throw new Error('no relay is blocked on the held row yet');
        return blocked;
      },
      // Generous: a relay process starting on a loaded 2-core machine takes tens of seconds.
      { timeoutMs: 90_000, intervalMs: 20 },
    );
  }

  /**
   * Ends a session the way PostgreSQL ends the session of a dead client. (A backend waiting on a
   * lock notices its client is gone only once the wait is over.)
   */
  async function terminate({ db }: Scenario, pid: number): Promise<void> {
    const { rows } = await db.query('SELECT pg_terminate_backend($1) AS ended', [pid]);
    expect(rows[0].ended).toBe(true);
  }

  async function waitUntilAllPublished(db: Pool): Promise<void> {
    await eventually(async () => expect(await unpublishedCount(db)).toBe(0), {
      timeoutMs: 150_000,
      intervalMs: 200,
    });
  }

  /** Reads the whole topic back: every event present, each key's versions in order, no gaps. */
  async function expectCompleteAndOrdered({ topicPrefix, backlog, db }: Scenario): Promise<number> {
    const collector = await collectMessages({
      brokers: testKafkaBrokers(),
      topic: withTopicPrefix(topicPrefix, CatalogTopics.customer),
      fromBeginning: true,
    });
    try {
      const { rows } = await db.query('SELECT id::text FROM outbox');
      const expectedIds = new Set(rows.map((row) => row.id));
      await eventually(
        () => {
          const seen = new Set(collector.messages.map((m) => m.headers['x-event-id']));
          expect(seen.size).toBe(backlog.total);
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      const seenIds = new Set(collector.messages.map((m) => m.headers['x-event-id']));
      expect([...expectedIds].every((id) => seenIds.has(id))).toBe(true);
      const perKey = firstSeenVersions(collector.messages);
      const expectedVersions = Array.from({ length: backlog.versions }, (_, i) => i + 1);
      expect([...perKey.keys()].sort()).toEqual([...backlog.keys].sort());
      for (const key of backlog.keys) {
        expect({ key, versions: perKey.get(key) }).toEqual({ key, versions: expectedVersions });
      }
      return collector.messages.length - seenIds.size;
    } finally {
      await collector.stop();
    }
  }

  it('loses and reorders nothing when SIGKILLed between publishing and marking', async () => {
    const run = await scenario();
    const heldRow = await holdMiddleRow(run);
    const first = await startRelay(run.env);
    const blocked = await waitUntilBlocked(run);
    const publishedAtKill = await publishedSoFar(run.db, run.backlog.total);
    expect(publishedAtKill).toBeGreaterThan(0);
    expect(publishedAtKill).toBeLessThan(run.backlog.total);
    expect((await first.kill()).signal).toBe('SIGKILL');
    await terminate(run, blocked.pid);
    await release(heldRow);

    const second = await startRelay(run.env);
    await waitUntilAllPublished(run.db);
    await second.stop();
    const duplicates = await expectCompleteAndOrdered(run);
    // The batch the first relay had published but not marked went out again.
    expect(duplicates).toBeGreaterThan(0);
  });

  it('keeps per-entity order with two relays started at once, sharing the shards', async () => {
    const run = await scenario();
    const relays = await Promise.all([startRelay(run.env), startRelay(run.env)]);
    await waitUntilAllPublished(run.db);
    // Each holds its fair share: two of the four shards (the first may have taken all of them).
    await eventually(async () =>
      expect((await relaySessions(run)).map((s) => s.shards)).toEqual([2, 2]),
    );
    for (const relay of relays) await relay.stop();
    await expectCompleteAndOrdered(run);
  });

  it('lets a standby relay take over the shards of one that dies mid-publish', async () => {
    const run = await scenario();
    const heldRow = await holdMiddleRow(run);
    const active = await startRelay(run.env);
    const blocked = await waitUntilBlocked(run);
    expect(blocked.shards).toBe(4);
    const standby = await startRelay(run.env);
    const sessions = await relaySessions(run);
    expect(sessions.map((s) => s.shards).sort()).toEqual([0, 4]);

    await active.kill();
    await terminate(run, blocked.pid);
    await release(heldRow);
    await waitUntilAllPublished(run.db);
    expect(standby.logs()).toContain('outbox relay acquired shards');
    await standby.stop();
    await expectCompleteAndOrdered(run);
  });

  it('stops publishing when its database session dies, then recovers its shards', async () => {
    const run = await scenario();
    const heldRow = await holdMiddleRow(run);
    const relay = await startRelay(run.env);
    const blocked = await waitUntilBlocked(run);
    await terminate(run, blocked.pid);
    await eventually(() => expect(relay.logs()).toContain('lost its database session'));
    // Reconnected, it takes its shards back and blocks on the same row again.
    const again = await waitUntilBlocked(run, blocked.pid);
    expect(again.shards).toBe(4);
    await release(heldRow);
    await waitUntilAllPublished(run.db);
    await relay.stop();
    expect(await expectCompleteAndOrdered(run)).toBeGreaterThan(0);
  });

  it("creates the catalog's topics with its partitions and reports one that exists with others", async () => {
    const run = await scenario();
    const admin = new TopicAdmin(
      createKafkaClient({
        brokers: testKafkaBrokers(),
        clientId: `relay-topics-${randomSuffix()}`,
      }),
    );
    try {
      // Someone else created the product topic first, with other partitions: it stays as it is.
      const product = withTopicPrefix(run.topicPrefix, CatalogTopics.product);
      await admin.ensureTopics([{ name: product, partitions: 2 }]);
      const relay = await startRelay(run.env);
      await waitUntilAllPublished(run.db);
      await eventually(() =>
        expect(relay.logs()).toContain(
          'topic exists with other partitions than the topic catalog declares',
        ),
      );
      await relay.stop();
      const model = topicCatalog([]);
      const partitionsOf = (name: string) => model.find((t) => t.name === name)?.partitions;
      for (const name of [CatalogTopics.customer, CatalogTopics.invoice, ConnectionsTopic]) {
        const { metadata, config } = await admin.describeTopic(
          withTopicPrefix(run.topicPrefix, name),
        );
        expect({ name, partitions: metadata.partitions.length }).toEqual({
          name,
          partitions: partitionsOf(name),
        });
        const compacted = name === ConnectionsTopic;
        expect(config['cleanup.policy']).toBe(compacted ? 'compact' : 'delete');
      }
      expect((await admin.describeTopic(product)).metadata.partitions).toHaveLength(2);
    } finally {
      await admin.disconnect();
    }
  });
});
