import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { apiError } from '../testing/fake-catalog';
import { aCatalog, aConnection, ADMIN_KEY, anOverview } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';

describe('integrations overview', () => {
  it('shows one card per system the API lists, each with its state', async () => {
    const catalog = aCatalog([
      anOverview({ system: 'salesforce', connection: null, status: null, connectorRunning: false }),
      anOverview({ openFailures: 3 }),
      anOverview({ system: 'xero', connection: null, status: null, connectorRunning: true }),
      anOverview({ system: 'acme-erp', connection: null, status: null, connectorRunning: true }),
    ]);
    renderConsole(catalog, { apiKey: ADMIN_KEY });

    const stripe = await screen.findByRole('article', { name: 'Stripe' });
    expect(within(stripe).getByText('Needs attention')).toBeInTheDocument();
    expect(within(stripe).getByText('Two-way: Catalog ⇄ Stripe')).toBeInTheDocument();
    expect(within(stripe).getByText('2 minutes ago')).toBeInTheDocument();
    expect(within(stripe).getByText('42')).toBeInTheDocument();
    expect(within(stripe).getByRole('link', { name: '3 failures' })).toHaveAttribute(
      'href',
      '/failures',
    );
    expect(within(stripe).getByRole('meter', { name: 'Rate budget' })).toHaveAttribute(
      'aria-valuenow',
      '3',
    );

    const salesforce = screen.getByRole('article', { name: 'Salesforce' });
    expect(within(salesforce).getByText('Unavailable')).toBeInTheDocument();
    expect(within(salesforce).queryByRole('link', { name: /Connect/ })).not.toBeInTheDocument();

    const xero = screen.getByRole('article', { name: 'Xero' });
    expect(within(xero).getByText('Not connected')).toBeInTheDocument();
    expect(within(xero).getByRole('link', { name: 'Connect Xero' })).toHaveAttribute(
      'href',
      '/integrations/xero',
    );
    expect(screen.getByRole('article', { name: 'Acme erp' })).toBeInTheDocument();
  });

  it('pauses and resumes a system', async () => {
    let paused = false;
    const catalog = aCatalog()
      .on('GET', '/v1/overview/integrations', () => ({
        status: 200,
        body: {
          data: [
            anOverview({
              connection: aConnection({ paused }),
            }),
          ],
        },
      }))
      .on('POST', '/v1/integrations/stripe/pause', () => {
        paused = true;
        return { status: 200, body: {} };
      })
      .on('POST', '/v1/integrations/stripe/resume', () => {
        paused = false;
        return { status: 200, body: {} };
      });
    renderConsole(catalog, { apiKey: ADMIN_KEY });

    await userEvent.click(await screen.findByRole('button', { name: 'Pause Stripe' }));
    const card = screen.getByRole('article', { name: 'Stripe' });
    expect(await within(card).findByText('Paused')).toBeInTheDocument();
    await userEvent.click(within(card).getByRole('button', { name: 'Resume Stripe' }));
    expect(await within(card).findByText('Healthy')).toBeInTheDocument();
    expect(catalog.sent('POST', /\/(pause|resume)$/).map((r) => r.path)).toEqual([
      '/v1/integrations/stripe/pause',
      '/v1/integrations/stripe/resume',
    ]);
  });

  it('points at deletes held by the mass-delete guard', async () => {
    renderConsole(aCatalog([anOverview({ heldDeletes: 12 })]), { apiKey: ADMIN_KEY });
    const card = await screen.findByRole('article', { name: 'Stripe' });
    expect(
      within(card).getByText(/12 deletes from Stripe held by the mass-delete guard/),
    ).toBeVisible();
    expect(within(card).getByRole('link', { name: 'Review them' })).toHaveAttribute(
      'href',
      '/integrations/stripe#held-deletes',
    );
  });

  it('says so when the overview cannot be loaded, and retries', async () => {
    let calls = 0;
    const catalog = aCatalog().on('GET', '/v1/overview/integrations', () => {
      calls += 1;
      return calls === 1
        ? apiError(503, 'The database is not answering')
        : { status: 200, body: { data: [anOverview()] } };
    });
    renderConsole(catalog, { apiKey: ADMIN_KEY });
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is not answering');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('article', { name: 'Stripe' })).toBeInTheDocument();
  });

  it('shows an empty state when no system is listed', async () => {
    renderConsole(aCatalog([]), { apiKey: ADMIN_KEY });
    expect(await screen.findByText('No external systems yet')).toBeInTheDocument();
  });

  it('shows the progress of the initial sync, and when it finished', async () => {
    const backfill = {
      status: 'running' as const,
      published: 1234,
      entityTypes: ['customer' as const, 'invoice' as const],
      currentEntityType: 'invoice' as const,
      startedAt: new Date().toISOString(),
      completedAt: null,
    };
    renderConsole(
      aCatalog([
        anOverview({ backfill }),
        anOverview({
          system: 'xero',
          backfill: {
            ...backfill,
            status: 'done',
            published: 1,
            currentEntityType: null,
            completedAt: new Date().toISOString(),
          },
        }),
      ]),
      { apiKey: ADMIN_KEY },
    );
    const stripe = await screen.findByRole('article', { name: 'Stripe' });
    expect(within(stripe).getByRole('status')).toHaveTextContent(
      'Initial sync to Stripe: 1234 records sent so far, now invoices.',
    );
    const xero = screen.getByRole('article', { name: 'Xero' });
    expect(within(xero).getByText('Initial sync finished just now: 1 record sent.')).toBeVisible();
  });
});
