import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ActivityItem } from '../api/api-types';
import { FakeEventStream } from '../testing/fake-event-stream';
import { aCatalog, READ_KEY } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';
import { STREAM_RETRY } from './use-activity-feed';

function anEvent(id: string, kind: string, details: Record<string, unknown> = {}): ActivityItem {
  return {
    id,
    system: 'stripe',
    kind,
    entityType: 'customer',
    entityId: `0000000${id}-aaaa-4bbb-8ccc-000000000000`,
    externalId: 'cus_1',
    details,
    createdAt: new Date().toISOString(),
  };
}

function activityCatalog(streams: FakeEventStream[] = []) {
  const now = Date.now();
  const events = [
    { ...anEvent('1', 'outcome.synced'), entityLabel: 'Grace Hopper' },
    anEvent('2', 'outcome.failed', { error: { message: 'Your card was declined' } }),
    anEvent('3', 'inbound.updated'),
  ];
  return aCatalog()
    .on('GET', '/v1/sync/activity', ({ query }) => ({
      status: 200,
      body: {
        data:
          query.get('entityType') === 'invoice'
            ? []
            : query.get('outcome') === 'failure'
              ? events.filter((event) => event.kind === 'outcome.failed')
              : events,
        nextCursor: null,
      },
    }))
    .on('GET', '/v1/sync/activity/stream', () => {
      const stream = new FakeEventStream();
      streams.push(stream);
      stream.send('retry: 3000\nevent: ready\ndata: {}\n\n');
      return { status: 200, stream };
    })
    .on('GET', '/v1/overview/charts', () => ({
      status: 200,
      body: {
        from: new Date(now - 3_600_000).toISOString(),
        to: new Date(now).toISOString(),
        perMinute: [
          {
            minute: new Date(now - 120_000).toISOString(),
            system: 'stripe',
            changes: 7,
            failures: 2,
          },
        ],
        budgets: [
          {
            system: 'stripe',
            budget: { used: 20, limit: 25, windowMs: 1000 },
            apiAllocation: null,
            observedAt: new Date(now).toISOString(),
          },
        ],
        budgetPerMinute: [
          {
            minute: new Date(now - 180_000).toISOString(),
            system: 'stripe',
            budget: { used: 25, limit: 25 },
            apiAllocation: null,
          },
          {
            minute: new Date(now - 120_000).toISOString(),
            system: 'stripe',
            budget: { used: 20, limit: 25 },
            apiAllocation: null,
          },
        ],
      },
    }));
}

describe('activity', () => {
  it('lists sync events in words and filters them by outcome and record type', async () => {
    const catalog = activityCatalog();
    renderConsole(catalog, { route: '/activity', apiKey: READ_KEY });

    const table = await screen.findByRole('table', { name: 'Sync events' });
    expect(within(table).getByText('Synced to Stripe')).toBeVisible();
    // The record by its name where catalog-service sends one, else its type and short id.
    const synced = within(table).getByRole('row', { name: /Synced to Stripe/ });
    expect(within(synced).getByRole('link', { name: 'Grace Hopper' })).toHaveAttribute(
      'href',
      '/records/customer/00000001-aaaa-4bbb-8ccc-000000000000',
    );
    const updated = within(table).getByRole('row', { name: /Updated from Stripe/ });
    expect(within(updated).getByRole('link', { name: 'Customer 00000003' })).toBeVisible();
    expect(within(table).getByText('Your card was declined')).toBeVisible();

    await userEvent.selectOptions(screen.getByLabelText('Outcome'), 'Failed');
    const failed = await screen.findByRole('table', { name: 'Sync events' });
    await waitFor(() => expect(within(failed).getAllByRole('row')).toHaveLength(2));
    expect(within(failed).getByText('Failed to sync to Stripe')).toBeVisible();
    expect(catalog.sent('GET', '/v1/sync/activity').at(-1)?.query.get('outcome')).toBe('failure');
    expect(catalog.sent('GET', '/v1/sync/activity/stream').at(-1)?.query.get('outcome')).toBe(
      'failure',
    );

    await userEvent.selectOptions(screen.getByLabelText('Record type'), 'Invoice');
    expect(await screen.findByText('Nothing matches these filters.')).toBeVisible();
    expect(catalog.sent('GET', '/v1/sync/activity').at(-1)?.query.get('entityType')).toBe(
      'invoice',
    );
  });

  describe('the live feed', () => {
    const defaults = { ...STREAM_RETRY };
    beforeEach(() => Object.assign(STREAM_RETRY, { firstMs: 5, maxMs: 20 }));
    afterEach(() => Object.assign(STREAM_RETRY, defaults));

    it('shows an event the stream sends at the top, without a reload, the key in a header', async () => {
      const streams: FakeEventStream[] = [];
      const catalog = activityCatalog(streams);
      renderConsole(catalog, { route: '/activity', apiKey: READ_KEY });
      const table = await screen.findByRole('table', { name: 'Sync events' });
      expect(await screen.findByText('Live: new events appear as they happen.')).toBeVisible();

      const frame = `id: c4\nevent: activity\ndata: ${JSON.stringify({
        ...anEvent('4', 'outcome.failed', { error: { message: 'Rate limited by Stripe' } }),
        createdAt: new Date(Date.now() + 1000).toISOString(),
      })}\n\n`;
      streams[0]?.send(frame.slice(0, 25));
      streams[0]?.send(frame.slice(25));
      streams[0]?.send(': heartbeat\n\n');

      expect(await within(table).findByText('Rate limited by Stripe')).toBeVisible();
      const firstRow = within(table).getAllByRole('row')[1];
      expect(within(firstRow as HTMLElement).getByText('Failed to sync to Stripe')).toBeVisible();
      expect(within(table).getAllByRole('row')).toHaveLength(5);
      const [request] = catalog.sent('GET', '/v1/sync/activity/stream');
      expect(request?.authorization).toBe(`Bearer ${READ_KEY}`);
      expect(request?.headers['accept']).toBe('text/event-stream');
      expect([...(request?.query.keys() ?? [])]).toEqual([]);
    });

    it('reconnects after a broken stream, resuming after the last event id', async () => {
      const streams: FakeEventStream[] = [];
      const catalog = activityCatalog(streams);
      renderConsole(catalog, { route: '/activity', apiKey: READ_KEY });
      await screen.findByText('Live: new events appear as they happen.');
      streams[0]?.activity(anEvent('5', 'inbound.created'), 'cursor-5');
      await screen.findByText('Created from Stripe');

      streams[0]?.fail();
      await waitFor(() => expect(streams).toHaveLength(2));
      const resumed = catalog.sent('GET', '/v1/sync/activity/stream')[1];
      expect(resumed?.headers['last-event-id']).toBe('cursor-5');
      streams[1]?.activity(anEvent('6', 'inbound.deleted'), 'cursor-6');
      expect(await screen.findByText('Deleted in Stripe, deleted here')).toBeVisible();
      expect(screen.getByText('Created from Stripe')).toBeVisible();
    });

    it('falls back to polling, and says so, when the stream keeps failing', async () => {
      const catalog = activityCatalog().on('GET', '/v1/sync/activity/stream', () => ({
        status: 503,
        body: { error: { code: 'UNAVAILABLE', category: 'unavailable', message: 'down' } },
      }));
      renderConsole(catalog, { route: '/activity', apiKey: READ_KEY });
      expect(
        await screen.findByText('The live feed keeps failing: refreshing every 5 seconds instead.'),
      ).toBeVisible();
      expect(screen.getByText('Polling')).toBeVisible();
      expect(await screen.findByText('Synced to Stripe')).toBeVisible();
      expect(catalog.sent('GET', '/v1/sync/activity/stream').length).toBeGreaterThanOrEqual(
        STREAM_RETRY.failuresBeforePolling,
      );
    });
  });

  it('charts changes and failures per minute, and the API limit used over time and now, in words', async () => {
    renderConsole(activityCatalog(), { route: '/activity', apiKey: READ_KEY });
    expect(
      await screen.findByRole('img', {
        name: /Changes per minute\. Totals in this window: Stripe: 7/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /Failures per minute\. Totals in this window: Stripe: 2/ }),
    ).toBeInTheDocument();
    expect(screen.getByRole('meter', { name: 'Stripe rate budget' })).toHaveAttribute(
      'aria-valuenow',
      '20',
    );
    // Over time: the rate budget reached its limit three minutes ago.
    expect(
      screen.getByRole('img', {
        name: 'API limit used (peak per minute, % of the limit). In this window: Stripe rate budget: highest 100%.',
      }),
    ).toBeInTheDocument();
  });
});
