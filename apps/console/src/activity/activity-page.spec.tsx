import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ActivityItem } from '../api/api-types';
import { aCatalog, READ_KEY } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';

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

function activityCatalog() {
  const now = Date.now();
  return aCatalog()
    .on('GET', '/v1/sync/activity', ({ query }) => ({
      status: 200,
      body: {
        data:
          query.get('entityType') === 'invoice'
            ? []
            : [
                anEvent('1', 'outcome.synced'),
                anEvent('2', 'outcome.failed', { error: { message: 'Your card was declined' } }),
                anEvent('3', 'inbound.updated'),
              ],
        nextCursor: null,
      },
    }))
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
      },
    }));
}

describe('activity', () => {
  it('lists sync events in words and filters them by outcome and record type', async () => {
    const catalog = activityCatalog();
    renderConsole(catalog, { route: '/activity', apiKey: READ_KEY });

    const table = await screen.findByRole('table', { name: 'Sync events' });
    expect(within(table).getByText('Synced to Stripe')).toBeVisible();
    expect(within(table).getByText('Updated from Stripe')).toBeVisible();
    expect(within(table).getByText('Your card was declined')).toBeVisible();

    await userEvent.selectOptions(screen.getByLabelText('Outcome'), 'Failed');
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByText('Failed to sync to Stripe')).toBeVisible();

    await userEvent.selectOptions(screen.getByLabelText('Record type'), 'Invoice');
    expect(await screen.findByText('Nothing matches these filters.')).toBeVisible();
    expect(catalog.sent('GET', '/v1/sync/activity').at(-1)?.query.get('entityType')).toBe(
      'invoice',
    );
  });

  it('charts changes and failures per minute, with totals in words and the budget in use', async () => {
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
  });
});
