import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { aCatalog, ADMIN_KEY, READ_KEY } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';

const ADA = {
  id: '7f1f6f3a-0000-4000-8000-00000000ada1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  currency: 'GBP',
  version: 4,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};

function recordsCatalog() {
  return (
    aCatalog()
      // Like catalog-service's `q`: part of the name or email, any case.
      .on('GET', '/v1/customers', ({ query }) => {
        const q = query.get('q')?.toLowerCase();
        const matches = !q || `${ADA.name} ${ADA.email}`.toLowerCase().includes(q);
        return { status: 200, body: { data: matches ? [ADA] : [], nextCursor: null } };
      })
      .on('GET', '/v1/products', () => ({ status: 200, body: { data: [], nextCursor: null } }))
      .on('GET', '/v1/invoices', () => ({ status: 200, body: { data: [], nextCursor: null } }))
      .on('GET', `/v1/customers/${ADA.id}`, () => ({ status: 200, body: ADA }))
      .on('GET', `/v1/customers/${ADA.id}/sync`, () => ({
        status: 200,
        body: {
          entityType: 'customer',
          entityId: ADA.id,
          systems: [
            {
              system: 'stripe',
              externalId: 'cus_ada',
              externalVersion: '7',
              linkedAt: new Date().toISOString(),
              state: 'conflict',
              lastError: null,
              entityVersion: 4,
              stateUpdatedAt: new Date().toISOString(),
            },
          ],
          conflicts: [
            {
              id: 'c1',
              entityType: 'customer',
              entityId: ADA.id,
              system: 'stripe',
              field: 'phone',
              catalogValue: '+44 20 0000',
              externalValue: '+44 20 9999',
              resolution: 'catalog',
              policy: 'catalog-wins',
              createdAt: new Date().toISOString(),
              resolved: null,
            },
          ],
        },
      }))
      // Filters by record id as catalog-service does.
      .on('GET', '/v1/sync/activity', (request) => ({
        status: 200,
        body: {
          data: [
            {
              id: 'a1',
              system: 'stripe',
              kind: 'outcome.synced',
              entityType: 'customer',
              entityId: ADA.id,
              externalId: 'cus_ada',
              details: {},
              createdAt: new Date().toISOString(),
            },
            {
              id: 'a2',
              system: 'stripe',
              kind: 'outcome.failed',
              entityType: 'customer',
              entityId: 'someone-else',
              externalId: null,
              details: {},
              createdAt: new Date().toISOString(),
            },
          ].filter((item) => item.entityId === (request.query.get('entityId') ?? item.entityId)),
          nextCursor: null,
        },
      }))
  );
}

describe('records', () => {
  it('resolves a conflict by hand: both sides shown, the choice sent, the decision shown', async () => {
    let resolved: { choice: string; by: string; at: string } | null = null;
    const base = recordsCatalog();
    const catalog = base
      .on('GET', `/v1/customers/${ADA.id}/sync`, () => ({
        status: 200,
        body: {
          entityType: 'customer',
          entityId: ADA.id,
          systems: [],
          conflicts: [
            {
              id: 'c1',
              entityType: 'customer',
              entityId: ADA.id,
              system: 'stripe',
              field: 'phone',
              catalogValue: '+44 20 0000',
              externalValue: '+44 20 9999',
              resolution: 'catalog',
              policy: 'catalog-wins',
              createdAt: new Date().toISOString(),
              resolved,
            },
          ],
        },
      }))
      .on('POST', '/v1/sync/conflicts/c1/resolve', ({ body }) => {
        resolved = {
          choice: (body as { choice: string }).choice,
          by: 'key1',
          at: new Date().toISOString(),
        };
        return { status: 200, body: { id: 'c1', choice: resolved.choice } };
      });
    renderConsole(catalog, { route: `/records/customer/${ADA.id}`, apiKey: ADMIN_KEY });

    const conflict = await screen.findByRole('article', { name: 'phone changed on both sides' });
    const form = within(conflict).getByRole('form', { name: 'Resolve: phone' });
    await userEvent.click(within(form).getByRole('button', { name: 'Resolve' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Choose what to do first.');
    expect(catalog.sent('POST', '/v1/sync/conflicts/c1/resolve')).toHaveLength(0);

    await userEvent.click(
      within(form).getByLabelText("Keep the catalog's value (+44 20 0000) and write it to Stripe"),
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Resolve' }));

    expect(
      await within(conflict).findByText(/Kept the catalog's value; it is written to Stripe/),
    ).toBeVisible();
    expect(catalog.sent('POST', '/v1/sync/conflicts/c1/resolve')[0].body).toEqual({
      choice: 'keep-catalog',
    });
    expect(within(conflict).queryByRole('form')).not.toBeInTheDocument();
  });

  it('offers delete or restore for a delete conflict, and no decision to a read-only key', async () => {
    const deleteConflict = {
      id: 'c2',
      entityType: 'customer',
      entityId: ADA.id,
      system: 'stripe',
      field: 'deleted',
      catalogValue: false,
      externalValue: true,
      resolution: 'catalog',
      policy: 'last-writer-wins',
      createdAt: new Date().toISOString(),
      resolved: null,
    };
    const catalog = recordsCatalog().on('GET', `/v1/customers/${ADA.id}/sync`, () => ({
      status: 200,
      body: { entityType: 'customer', entityId: ADA.id, systems: [], conflicts: [deleteConflict] },
    }));
    const admin = renderConsole(catalog, {
      route: `/records/customer/${ADA.id}`,
      apiKey: ADMIN_KEY,
    });
    const card = await screen.findByRole('article', {
      name: 'Stripe deleted it while the catalog changed it',
    });
    expect(within(card).getByLabelText('Delete the customer in the catalog too')).toBeVisible();
    expect(
      within(card).getByLabelText('Keep the customer and write it to Stripe again'),
    ).toBeVisible();
    admin.unmount();

    renderConsole(catalog, { route: `/records/customer/${ADA.id}`, apiKey: READ_KEY });
    const readOnly = await screen.findByRole('article', {
      name: 'Stripe deleted it while the catalog changed it',
    });
    expect(within(readOnly).queryByRole('form')).not.toBeInTheDocument();
    expect(within(readOnly).getByText('A key with the write scope can resolve it.')).toBeVisible();
  });

  it('searches customers, products and invoices by part of a name, and says when nothing matches', async () => {
    const catalog = recordsCatalog();
    renderConsole(catalog, { route: '/records', apiKey: READ_KEY });
    expect(await screen.findByRole('link', { name: 'Ada Lovelace' })).toBeVisible();

    await userEvent.type(screen.getByLabelText('Name or email'), 'lovelace');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByRole('link', { name: 'Ada Lovelace' })).toBeVisible();
    expect(catalog.sent('GET', '/v1/customers').at(-1)?.query.get('q')).toBe('lovelace');

    await userEvent.clear(screen.getByLabelText('Name or email'));
    await userEvent.type(screen.getByLabelText('Name or email'), 'nobody');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No customers found')).toBeVisible();
    expect(screen.getByText('Nothing matches this search.')).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Products' }));
    expect(await screen.findByText('No products found')).toBeVisible();
    await userEvent.type(screen.getByLabelText('Name or SKU'), 'ENG-0');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByText('No products found');
    expect(catalog.sent('GET', '/v1/products').at(-1)?.query.get('q')).toBe('ENG-0');

    await userEvent.click(screen.getByRole('button', { name: 'Invoices' }));
    await userEvent.type(await screen.findByLabelText('Invoice number'), 'INV-2026');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'open');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByText('No invoices found');
    const sent = catalog.sent('GET', '/v1/invoices').at(-1)?.query;
    expect([sent?.get('q'), sent?.get('status')]).toEqual(['INV-2026', 'open']);
  });

  it("shows a record's external ids, sync state, conflicts and its own history", async () => {
    const catalog = recordsCatalog();
    renderConsole(catalog, { route: `/records/customer/${ADA.id}`, apiKey: ADMIN_KEY });

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace', level: 1 })).toBeVisible();
    const details = screen.getByRole('region', { name: 'Customer details' });
    expect(within(details).getByText('ada@example.com')).toBeVisible();
    expect(within(details).getByText('GBP')).toBeVisible();
    const sync = await screen.findByRole('table', { name: 'Sync state per system' });
    const stripe = within(sync).getByRole('row', { name: /Stripe/ });
    expect(within(stripe).getByText('Conflict')).toBeVisible();
    expect(within(stripe).getByRole('link', { name: /cus_ada/ })).toHaveAttribute(
      'href',
      'https://dashboard.stripe.com/customers/cus_ada',
    );
    expect(within(stripe).getByText('4 of 4')).toBeVisible();

    const conflict = screen.getByRole('article', { name: 'phone changed on both sides' });
    expect(within(conflict).getByText('+44 20 0000')).toBeVisible();
    expect(within(conflict).getByText('+44 20 9999')).toBeVisible();
    expect(within(conflict).getByText(/The rule \(catalog-wins\) kept the catalog/)).toBeVisible();

    const history = screen.getByRole('region', { name: 'Recent sync events' });
    expect(await within(history).findByText('Synced to Stripe')).toBeVisible();
    expect(within(history).queryByText('Failed to sync to Stripe')).not.toBeInTheDocument();
    // Asked for by the record's id, so its history is complete however busy its type is.
    expect(catalog.sent('GET', '/v1/sync/activity')[0]?.query.get('entityId')).toBe(ADA.id);
  });
});
