import type { HttpApp } from '@concord/observability';
import { eventually } from '@concord/testing';
import { DataSource } from 'typeorm';

import { SseReader } from '../../../test/sse-reader';
import { startTestCatalog, type TestCatalog, type TestTenant } from '../../../test/test-catalog';
import { startCatalogApp } from '../../catalog-app';
import { type ActivityInput, ActivityRepository } from '../activity.repository';
import { ActivityListenerService } from './activity-listener.service';

jest.setTimeout(120_000);

/**
 * Two replicas on one database: streams are read from replica B, changes are made through
 * replica A, so only the NOTIFY fan-out can bring them to B's streams.
 */
describe('GET /v1/sync/activity/stream across two replicas', () => {
  let a: TestCatalog;
  let b: HttpApp;
  let tenant: TestTenant;
  let other: TestTenant;
  const readers: SseReader[] = [];

  /** Records activity with replica A's repository and data source, as its appliers do. */
  const recordOnA = (input: Omit<ActivityInput, 'tenantId'>, tenantId = tenant.tenantId) =>
    a.app
      .get(DataSource)
      .transaction((manager) =>
        a.app.get(ActivityRepository).record(manager, { tenantId, ...input }),
      );

  const streamFromB = async (
    query = '',
    headers: Record<string, string> = {},
    key = tenant.key,
  ) => {
    const reader = await SseReader.open(`${b.url}/v1/sync/activity/stream${query}`, key, headers);
    readers.push(reader);
    await eventually(() => expect(reader.events.map((e) => e.event)).toContain('ready'));
    return reader;
  };

  beforeAll(async () => {
    a = await startTestCatalog();
    b = await startCatalogApp({
      ...a.config,
      PORT: 0,
      RUN_MIGRATIONS: false,
      ACTIVITY_STREAM_HEARTBEAT_MS: 200,
    });
    tenant = await a.newTenant();
    other = await a.newTenant();
  });

  afterEach(async () => {
    await Promise.all(readers.splice(0).map((reader) => reader.close()));
  });

  afterAll(async () => {
    await b?.app.close();
    await a?.close();
  });

  it('streams an operator action taken on replica A to a client of replica B, live', async () => {
    const put = await tenant.client.request('PUT', '/v1/integrations/stripe', {
      body: { enabled: true },
    });
    expect([200, 201]).toContain(put.status);
    const reader = await streamFromB();
    expect(reader.status).toBe(200);
    expect(reader.contentType).toMatch(/^text\/event-stream/);

    const rejected = await tenant.client.post('/v1/integrations/stripe/held-deletes/reject', {});
    expect(rejected.status).toBe(200);

    await eventually(() =>
      expect(reader.activities()).toEqual([
        expect.objectContaining({ system: 'stripe', kind: 'held-deletes.rejected' }),
      ]),
    );
  });

  it('applies the filters on the server and never sends another tenant its rows', async () => {
    const all = await streamFromB();
    const failures = await streamFromB('?system=stripe&entityType=customer&outcome=failure');
    const xero = await streamFromB('?system=xero');
    const theirs = await streamFromB('', {}, other.key);

    await recordOnA({ system: 'stripe', kind: 'outcome.synced', entityType: 'customer' });
    await recordOnA({ system: 'stripe', kind: 'outcome.failed', entityType: 'invoice' });
    await recordOnA({ system: 'stripe', kind: 'outcome.failed', entityType: 'customer' });
    await recordOnA({ system: 'xero', kind: 'inbound.created', entityType: 'product' });
    await recordOnA(
      { system: 'stripe', kind: 'outcome.failed', entityType: 'customer' },
      other.tenantId,
    );

    await eventually(() => expect(all.activities()).toHaveLength(4));
    await eventually(() =>
      expect(theirs.activities()).toEqual([
        expect.objectContaining({ system: 'stripe', kind: 'outcome.failed' }),
      ]),
    );
    expect(failures.activities()).toEqual([
      expect.objectContaining({ kind: 'outcome.failed', entityType: 'customer' }),
    ]);
    expect(xero.activities()).toEqual([
      expect.objectContaining({ system: 'xero', kind: 'inbound.created' }),
    ]);
    const listed = await tenant.client.get<{ data: Array<{ kind: string; entityType: string }> }>(
      '/v1/sync/activity?system=stripe&entityType=customer&outcome=failure',
    );
    expect(listed.body.data.map((item) => item.kind)).toEqual(['outcome.failed']);
    const ours = new Set(all.activities().map((item) => item.id));
    expect(theirs.activities().some((item) => ours.has(item.id))).toBe(false);
  });

  it('resumes after Last-Event-ID: the rows written while away first, then live', async () => {
    const first = await streamFromB('?system=stripe');
    await recordOnA({ system: 'stripe', kind: 'inbound.updated', entityType: 'customer' });
    await eventually(() =>
      expect(first.events.filter((e) => e.event === 'activity')).toHaveLength(1),
    );
    const lastId = first.events.filter((e) => e.event === 'activity')[0]?.id ?? '';
    await first.close();

    await recordOnA({ system: 'stripe', kind: 'inbound.deleted', entityType: 'customer' });
    await recordOnA({ system: 'xero', kind: 'inbound.deleted', entityType: 'customer' });
    await recordOnA({ system: 'stripe', kind: 'conflict', entityType: 'product' });

    const resumed = await streamFromB('?system=stripe', { 'last-event-id': lastId });
    await eventually(() =>
      expect(resumed.activities().map((item) => item.kind)).toEqual([
        'inbound.deleted',
        'conflict',
      ]),
    );
    await recordOnA({ system: 'stripe', kind: 'outcome.synced', entityType: 'invoice' });
    await eventually(() =>
      expect(resumed.activities().map((item) => item.kind)).toEqual([
        'inbound.deleted',
        'conflict',
        'outcome.synced',
      ]),
    );
  });

  it('sends heartbeats while idle and lets go of a client that disconnects', async () => {
    const listener = b.app.get(ActivityListenerService);
    const reader = await streamFromB();
    await eventually(() => expect(listener.streamCount).toBe(1));
    await eventually(() => expect(reader.comments).toBeGreaterThanOrEqual(2));
    expect(reader.activities()).toEqual([]);
    await reader.close();
    await eventually(() => expect(listener.streamCount).toBe(0));
  });

  it('catches up on what was written while its listener was cut off', async () => {
    const reader = await streamFromB('?system=stripe');
    await a.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'concord-activity-stream' AND datname = current_database()`,
    );
    await recordOnA({ system: 'stripe', kind: 'outcome.skipped', entityType: 'product' });
    await eventually(
      () =>
        expect(reader.activities()).toEqual([expect.objectContaining({ kind: 'outcome.skipped' })]),
      { timeoutMs: 15_000 },
    );
    await recordOnA({ system: 'stripe', kind: 'outcome.synced', entityType: 'product' });
    await eventually(() =>
      expect(reader.activities().map((item) => item.kind)).toEqual([
        'outcome.skipped',
        'outcome.synced',
      ]),
    );
  });

  it('refuses a Last-Event-ID it did not send, a bad filter and a missing key', async () => {
    const bad = await fetch(`${b.url}/v1/sync/activity/stream`, {
      headers: { authorization: `Bearer ${tenant.key}`, 'last-event-id': 'nope' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Last-Event-ID');
    const filter = await fetch(`${b.url}/v1/sync/activity/stream?outcome=maybe`, {
      headers: { authorization: `Bearer ${tenant.key}` },
    });
    expect(filter.status).toBe(400);
    expect(await filter.text()).toContain('outcome');
    const anonymous = await fetch(`${b.url}/v1/sync/activity/stream`);
    expect(anonymous.status).toBe(401);
  });
});
