import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { DeadLetter } from '../api/api-types';
import { aCatalog, ADMIN_KEY, READ_KEY } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';

function aDeadLetter(id: string, message: string, category = 'validation'): DeadLetter {
  return {
    id,
    consumerGroup: 'connector-stripe',
    topic: 'catalog.customer.v1',
    partition: 2,
    offset: '17',
    key: `acme:${id}`,
    payload: JSON.stringify({
      type: 'concord.catalog.customer.updated',
      subject: `cust-${id}`,
      data: { entity: { id: `cust-${id}`, name: 'Ada Lovelace', email: 'bad@' } },
    }),
    headers: {},
    error: {
      code: 'REJECTED_BY_UPSTREAM',
      category,
      message,
      attempts: 3,
      failedAt: new Date().toISOString(),
    },
    status: 'open',
    createdAt: new Date().toISOString(),
    resolvedAt: null,
  };
}

function failuresCatalog() {
  const letters = new Map<string, DeadLetter>([
    ['d1', aDeadLetter('d1', 'Invalid email address: bad@')],
    ['d2', aDeadLetter('d2', 'HTTP 503', 'retryable')],
    ['d3', aDeadLetter('d3', 'No such customer', 'not-found')],
  ]);
  const resolve = (status: DeadLetter['status']) => (_: unknown, match: RegExpExecArray) => {
    const letter = letters.get(match[1]);
    if (!letter) return { status: 404, body: { error: { message: 'Not found' } } };
    letters.set(letter.id, { ...letter, status });
    return { status: 200, body: letters.get(letter.id) };
  };
  return aCatalog()
    .on('GET', '/v1/dead-letters', ({ query }) => ({
      status: 200,
      body: {
        data: [...letters.values()].filter((l) => l.status === (query.get('status') ?? 'open')),
        nextCursor: null,
      },
    }))
    .on('POST', /^\/v1\/dead-letters\/(\w+)\/replay$/, resolve('replayed'))
    .on('POST', /^\/v1\/dead-letters\/(\w+)\/discard$/, resolve('discarded'));
}

describe('failures', () => {
  it('lists dead letters with the error in plain words and the payload on request', async () => {
    renderConsole(failuresCatalog(), { route: '/failures', apiKey: ADMIN_KEY });

    const table = await screen.findByRole('table', { name: 'Failed changes' });
    expect(
      within(table).getByText('Stripe refused the data after 3 tries: Invalid email address: bad@'),
    ).toBeVisible();
    expect(
      within(table).getByText(
        /Stripe could not be reached after 3 tries: HTTP 503\. Replay it once Stripe is back\./,
      ),
    ).toBeVisible();
    // The record by its name, from the event the connector could not deliver.
    expect(within(table).getAllByRole('link', { name: 'Ada Lovelace' })[0]).toHaveAttribute(
      'href',
      '/records/customer/cust-d1',
    );

    const [details] = within(table).getAllByRole('button', { name: 'Details' });
    await userEvent.click(details);
    expect(within(table).getByLabelText('Payload')).toHaveTextContent('"email": "bad@"');
    expect(within(table).getByText('REJECTED_BY_UPSTREAM')).toBeVisible();
  });

  it('replays one, then discards the others in bulk', async () => {
    const catalog = failuresCatalog();
    renderConsole(catalog, { route: '/failures', apiKey: ADMIN_KEY });
    const table = await screen.findByRole('table', { name: 'Failed changes' });

    await userEvent.click(within(table).getAllByRole('button', { name: 'Replay' })[1]);
    expect(await screen.findByText('1 change replayed.')).toBeVisible();
    expect(within(table).queryByText(/HTTP 503/)).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all failures' }));
    expect(screen.getByText('2 selected')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Discard selected' }));
    expect(await screen.findByText('2 changes discarded.')).toBeVisible();
    expect(await screen.findByText('No open failures')).toBeVisible();
    expect(catalog.sent('POST', /^\/v1\/dead-letters\//).map((r) => r.path)).toEqual([
      '/v1/dead-letters/d2/replay',
      '/v1/dead-letters/d1/discard',
      '/v1/dead-letters/d3/discard',
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Discarded' }));
    expect(await screen.findByText(/Invalid email address/)).toBeVisible();
  });

  it('shows read-only keys the failures without replay or discard', async () => {
    renderConsole(failuresCatalog(), { route: '/failures', apiKey: READ_KEY });
    const table = await screen.findByRole('table', { name: 'Failed changes' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.queryByRole('button', { name: 'Replay' })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });
});
