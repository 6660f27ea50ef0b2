import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { apiError } from '../testing/fake-catalog';
import { aCatalog, aConnection, ADMIN_KEY, anOverview, aStatus } from '../testing/fixtures';
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

  it('shows a connected system whose connector stopped as unavailable, still configurable', async () => {
    // The connector's last status said healthy; with no member in its group, nothing syncs.
    renderConsole(aCatalog([anOverview({ connectorRunning: false })]), { apiKey: ADMIN_KEY });

    const stripe = await screen.findByRole('article', { name: 'Stripe' });
    expect(within(stripe).getByText('Unavailable')).toBeInTheDocument();
    expect(within(stripe).queryByText('Healthy')).not.toBeInTheDocument();
    expect(
      within(stripe).getByText(
        'No Stripe connector is running: changes wait in the queue and sync once it is back.',
      ),
    ).toBeInTheDocument();
    expect(within(stripe).getByRole('link', { name: 'Configure' })).toBeInTheDocument();
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

  it('shows the progress of the initial sync: sent of total, rate, time left, and when it finished', async () => {
    const backfill = {
      status: 'running' as const,
      published: 1234,
      total: 5000,
      ratePerSecond: 20,
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
            total: 1,
            currentEntityType: null,
            completedAt: new Date().toISOString(),
          },
        }),
      ]),
      { apiKey: ADMIN_KEY },
    );
    const stripe = await screen.findByRole('article', { name: 'Stripe' });
    expect(within(stripe).getByRole('status')).toHaveTextContent(
      'Initial sync to Stripe: 1234 of 5000 records sent (24%), now invoices. 20 records/s, about 3 minutes left.',
    );
    const bar = within(stripe).getByRole('progressbar', { name: 'Initial sync to Stripe' });
    expect(bar).toHaveAttribute('aria-valuenow', '1234');
    expect(bar).toHaveAttribute('aria-valuemax', '5000');
    const xero = screen.getByRole('article', { name: 'Xero' });
    expect(within(xero).getByText('Initial sync finished just now: 1 record sent.')).toBeVisible();
  });

  it('shows an initial sync held by a paused connection, and resumes it with the connection', async () => {
    let paused = true;
    const overview = () =>
      anOverview({
        connection: aConnection({ paused }),
        backfill: {
          status: paused ? 'paused' : 'running',
          published: 40,
          total: 100,
          ratePerSecond: paused ? 4 : 5,
          entityTypes: ['customer'],
          currentEntityType: 'customer',
          startedAt: new Date().toISOString(),
          completedAt: null,
        },
      });
    const catalog = aCatalog()
      .on('GET', '/v1/overview/integrations', () => ({ status: 200, body: { data: [overview()] } }))
      .on('POST', '/v1/integrations/stripe/resume', () => {
        paused = false;
        return { status: 200, body: {} };
      });
    renderConsole(catalog, { apiKey: ADMIN_KEY });

    const stripe = await screen.findByRole('article', { name: 'Stripe' });
    expect(within(stripe).getByRole('status')).toHaveTextContent(
      'Initial sync to Stripe paused: 40 of 100 records sent (40%). It goes on where it stopped when Stripe is resumed.',
    );
    await userEvent.click(within(stripe).getByRole('button', { name: 'Resume Stripe' }));

    expect(
      await within(stripe).findByText(
        /Initial sync to Stripe: 40 of 100 records sent \(40%\), now customers\./,
      ),
    ).toBeVisible();
    expect(within(stripe).getByRole('status')).toHaveTextContent(
      '5 records/s, less than a minute left.',
    );
    expect(catalog.sent('POST', '/v1/integrations/stripe/resume')).toHaveLength(1);
  });

  it("shows the connector's reconciliation while it runs, and how the last one ended", async () => {
    const startedAt = new Date(Date.now() - 10_000).toISOString();
    renderConsole(
      aCatalog([
        anOverview({
          status: aStatus({
            inboundRun: {
              kind: 'reconciliation',
              state: 'running',
              seen: 400,
              published: 3,
              entityType: 'product',
              startedAt,
              finishedAt: null,
            },
          }),
        }),
        anOverview({
          system: 'xero',
          status: aStatus({
            inboundRun: {
              kind: 'backfill',
              state: 'done',
              seen: 1,
              published: 1,
              entityType: null,
              startedAt,
              finishedAt: new Date().toISOString(),
            },
          }),
        }),
      ]),
      { apiKey: ADMIN_KEY },
    );
    const stripe = await screen.findByRole('article', { name: 'Stripe' });
    expect(within(stripe).getByRole('status')).toHaveTextContent(
      /^Reconciliation from Stripe: 400 records compared, 3 changes sent to the catalog, now products\. \d+(\.\d)? records\/s\.$/,
    );
    const xero = screen.getByRole('article', { name: 'Xero' });
    expect(
      within(xero).getByText(
        'Initial import from Xero finished just now: 1 record compared, 1 change sent to the catalog.',
      ),
    ).toBeVisible();
  });
});
