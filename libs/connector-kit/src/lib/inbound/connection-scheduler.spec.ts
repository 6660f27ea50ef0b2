import type { ConnectorStatus, InboundChange } from '@concord/model';
import { eventually } from '@concord/testing';

import { fakeDefinition, FakeSystem } from '../../../test/fake-system';
import { connectionSettings, outboundHarness, testKeyRing } from '../../../test/kit-harness';
import { InProcessLeases } from '../budget/lease';
import type { PollSource } from '../definition/inbound-source';
import { silentKitLogger } from '../definition/kit-logger';
import { noopKitMetrics } from '../metrics/kit-metrics';
import { StatusReporter } from '../status/status-reporter';
import { ConnectionScheduler } from './connection-scheduler';
import { InboundSync } from './inbound-sync';
import { WebhookRegistrar } from './webhook-registrar';

async function setup() {
  const system = new FakeSystem();
  const polls: Array<string | null> = [];
  const source: PollSource<unknown> = {
    stream: 'events',
    poll: async (cursor) => {
      polls.push(cursor);
      return { changes: [], nextCursor: `${polls.length}` };
    },
  };
  const definition = {
    ...fakeDefinition(system),
    inbound: { ...fakeDefinition(system).inbound, poll: [source] },
  };
  const harness = outboundHarness(definition as never);
  const leases = new InProcessLeases();
  const registrar = new WebhookRegistrar(
    definition as never,
    harness.state,
    harness.caller,
    testKeyRing,
    leases,
    async () => undefined,
    'http://c.example',
    silentKitLogger,
  );
  const status = new StatusReporter(
    definition as never,
    harness.registry,
    harness.attention,
    harness.caller,
    harness.budget,
    registrar,
    harness.topics.status,
    harness.sender,
    silentKitLogger,
  );
  const sync = new InboundSync(
    definition as never,
    harness.state,
    harness.caller,
    harness.inbound,
    silentKitLogger,
  );
  const scheduler = new ConnectionScheduler(
    definition as never,
    harness.registry,
    harness.state,
    sync,
    registrar,
    status,
    leases,
    noopKitMetrics,
    silentKitLogger,
    {
      statusIntervalMs: 60_000,
      reconciliationIntervalMs: 0,
      tickMs: 20,
    },
  );
  const inbound = () =>
    harness.sender.on(harness.topics.inbound).map((m) => m.value as InboundChange);
  const statuses = () =>
    harness.sender.on(harness.topics.status).map((m) => m.value as ConnectorStatus);
  return { system, harness, scheduler, polls, inbound, statuses };
}

describe('ConnectionScheduler', () => {
  it('sets a new connection up once: webhook endpoint, polling cursors from now, inbound backfill', async () => {
    const { system, harness, scheduler, polls, inbound, statuses } = await setup();
    system.put('customer', { name: 'Already there' });
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    scheduler.start();
    try {
      await eventually(() => expect(inbound().map((c) => c.data.reason)).toEqual(['backfill']));
      await eventually(() =>
        expect(statuses()[0]?.data).toMatchObject({ state: 'active', health: 'healthy' }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(polls).toEqual([null]);
      expect(inbound()).toHaveLength(1);
      const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
      expect(harness.state.cursor(scope, 'backfill')).toBe('done');
      expect(harness.state.cursor(scope, 'webhook-endpoint')).toContain('we_1');
    } finally {
      scheduler.stop();
    }
  });

  it('reconciles once for each new requestedReconciliation marker, resuming polls from the cursor', async () => {
    const { system, harness, scheduler, polls, inbound } = await setup();
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    scheduler.start();
    try {
      await eventually(() => expect(polls).toEqual([null]));
      system.put('customer', { name: 'Changed while webhooks were off' });
      await harness.connect({
        ...settings,
        version: 2,
        settings: { requestedReconciliation: 'r1' },
      });
      await eventually(() =>
        expect(inbound().filter((c) => c.data.reason === 'reconciliation')).toHaveLength(1),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(polls).toEqual([null, '1']);
      expect(inbound().filter((c) => c.data.reason === 'reconciliation')).toHaveLength(1);
    } finally {
      scheduler.stop();
    }
  });

  it('reports a connection whose credentials are refused, and resumes it once the probe works', async () => {
    const { system, harness, scheduler, statuses } = await setup();
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    await harness.attention.flag(
      { tenant: settings.tenant, connectionId: settings.connectionId },
      { kind: 'credentials', reason: 'fakesys refused the credentials (REVOKED_CREDENTIALS)' },
    );
    system.failNext('auth');
    scheduler.start();
    try {
      await eventually(() =>
        expect(statuses()[0]?.data).toMatchObject({
          state: 'needs-attention',
          health: 'down',
          reason: expect.stringContaining('refused'),
        }),
      );
      const reporter = (scheduler as unknown as { status: StatusReporter<unknown> }).status;
      const entry = harness.registry.forTenant(settings.tenant);
      if (entry) await reporter.report(entry);
      expect(statuses().at(-1)?.data).toMatchObject({ state: 'active', health: 'healthy' });
    } finally {
      scheduler.stop();
    }
  });

  it('reports the progress of a reconciliation on the status topic: running, then done with its counts', async () => {
    const { system, harness, scheduler, statuses } = await setup();
    const settings = connectionSettings('fakesys');
    await harness.connect(settings);
    scheduler.start();
    try {
      await eventually(() =>
        expect(statuses().some((s) => s.data.inboundRun?.kind === 'backfill')).toBe(true),
      );
      system.put('customer', { name: 'New in the system' });
      await harness.connect({
        ...settings,
        version: 2,
        settings: { requestedReconciliation: 'r1' },
      });
      await eventually(() =>
        expect(statuses().at(-1)?.data.inboundRun).toMatchObject({
          kind: 'reconciliation',
          state: 'done',
          seen: 1,
          published: 1,
          finishedAt: expect.any(String),
        }),
      );
      const runs = statuses()
        .map((s) => s.data.inboundRun)
        .filter((run) => run?.kind === 'reconciliation');
      expect(runs[0]).toMatchObject({ state: 'running', seen: 0, finishedAt: null });
    } finally {
      scheduler.stop();
    }
  });

  it('answers a connection test once on the status topic, also for a disabled connection', async () => {
    const { harness, scheduler, statuses } = await setup();
    const requestId = '0d4f7a36-5b7e-4b1a-9d0c-3e2f1a0b9c8d';
    const settings = connectionSettings('fakesys');
    await harness.connect({
      ...settings,
      enabled: false,
      settings: { requestedConnectionTest: requestId },
    });
    scheduler.start();
    try {
      const answered = () => statuses().filter((s) => s.data.connectionTest !== undefined);
      await eventually(() =>
        expect(answered()[0]?.data.connectionTest).toMatchObject({
          requestId,
          outcome: 'succeeded',
          message: null,
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(answered()).toHaveLength(1);
    } finally {
      scheduler.stop();
    }
  });
});
