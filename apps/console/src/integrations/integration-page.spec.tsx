import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { Integration } from '../api/api-types';
import { apiError } from '../testing/fake-catalog';
import { aCatalog, ADMIN_KEY, anIntegration, READ_KEY } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';

const SECRET = 'sk_test_51SuperSecretValue';

describe('connect and configure an integration', () => {
  it('shows the current settings and saves changes as a PATCH', async () => {
    const catalog = aCatalog().on('PATCH', '/v1/integrations/stripe', ({ body }) => ({
      status: 200,
      body: { ...anIntegration(), ...(body as Partial<Integration>) },
    }));
    renderConsole(catalog, { route: '/integrations/stripe', apiKey: ADMIN_KEY });

    const form = await screen.findByRole('form', { name: 'How it syncs' });
    expect(within(form).getByLabelText('Two-way: Catalog ⇄ Stripe')).toBeChecked();
    expect(within(form).getByLabelText('Invoices')).toBeChecked();
    expect(within(form).getByLabelText('Customer email')).toBeChecked();

    await userEvent.click(within(form).getByLabelText('One-way: Catalog → Stripe'));
    await userEvent.click(within(form).getByLabelText('Invoices'));
    await userEvent.click(within(form).getByLabelText('Customer phone'));
    await userEvent.click(within(form).getByRole('button', { name: 'Add a mapping' }));
    const mapping = within(form).getByRole('group', { name: 'Mapping 1' });
    await userEvent.type(within(mapping).getByLabelText('Catalog field'), 'metadata.segment');
    await userEvent.type(within(mapping).getByLabelText('Stripe field'), 'metadata.tier');
    await userEvent.selectOptions(
      within(form).getByLabelText('When both sides changed the same field'),
      'The catalog always wins',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Save settings' }));

    expect(await within(form).findByText('Settings saved.')).toBeInTheDocument();
    const [patch] = catalog.sent('PATCH', '/v1/integrations/stripe');
    expect(patch.body).toEqual({
      enabled: true,
      direction: 'outbound',
      entityTypes: ['customer', 'product'],
      fieldMappings: [
        {
          entityType: 'customer',
          canonicalField: 'metadata.segment',
          externalField: 'metadata.tier',
        },
      ],
      matchingKeys: { customer: ['email', 'phone'], product: ['sku'], invoice: ['number'] },
      conflictPolicy: { default: 'catalog-wins', fieldOwners: [] },
    });
  });

  it('shows the fields the API refused next to them, and in a summary', async () => {
    const catalog = aCatalog().on('PATCH', '/v1/integrations/stripe', () =>
      apiError(400, 'Invalid request body', [
        {
          field: 'fieldMappings.0.externalField',
          message: 'externalField must be longer than or equal to 1 characters',
        },
        { field: 'settings.baseUrl', message: 'baseUrl must be on an allowed host' },
      ]),
    );
    renderConsole(catalog, { route: '/integrations/stripe', apiKey: ADMIN_KEY });
    const form = await screen.findByRole('form', { name: 'How it syncs' });
    await userEvent.click(within(form).getByRole('button', { name: 'Add a mapping' }));
    await userEvent.type(within(form).getByLabelText('Catalog field'), 'name');
    await userEvent.type(within(form).getByLabelText('API address (optional)'), 'http://10.0.0.1');
    await userEvent.click(within(form).getByRole('button', { name: 'Save settings' }));

    const summary = await within(form).findByRole('alert');
    expect(summary).toHaveTextContent('The settings were not saved. Fix these fields:');
    expect(summary).toHaveTextContent('fieldMappings.0.externalField');
    expect(summary).toHaveTextContent('settings.baseUrl');
    const mapping = within(form).getByRole('group', { name: 'Mapping 1' });
    expect(within(mapping).getByLabelText('Stripe field')).toHaveAttribute('aria-invalid', 'true');
    expect(within(mapping).getByText(/Mapping 1: externalField must be longer/)).toBeVisible();
    const baseUrl = within(form).getByLabelText('API address (optional)');
    expect(baseUrl).toHaveAttribute('aria-invalid', 'true');
    expect(baseUrl).toHaveAccessibleDescription(/baseUrl must be on an allowed host/);
  });

  it('connects a system that is not connected yet with a PUT', async () => {
    let connected: Integration | null = null;
    const catalog = aCatalog()
      .on('GET', '/v1/integrations/xero', () =>
        connected ? { status: 200, body: connected } : apiError(404, 'No connection to xero'),
      )
      .on('PUT', '/v1/integrations/xero', ({ body }) => {
        connected = { ...anIntegration({ system: 'xero' }), ...(body as Partial<Integration>) };
        connected.credentials = { set: false, keyId: null, updatedAt: null };
        return { status: 201, body: connected };
      });
    renderConsole(catalog, { route: '/integrations/xero', apiKey: ADMIN_KEY });

    expect(await screen.findByRole('heading', { name: 'Connect Xero', level: 1 })).toBeVisible();
    expect(screen.getByText("Connect first, then enter Xero's credentials here.")).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Connect' }));

    expect(await screen.findByRole('heading', { name: 'Xero', level: 1 })).toBeVisible();
    expect(catalog.sent('PUT', '/v1/integrations/xero')[0].body).toMatchObject({
      enabled: true,
      direction: 'both',
      entityTypes: ['customer', 'product', 'invoice'],
    });
    expect(screen.getByLabelText('Client secret')).toHaveAttribute('type', 'password');
  });

  it('says invoices do not sync to Salesforce, and connects it without them', async () => {
    let connected: Integration | null = null;
    const catalog = aCatalog()
      .on('GET', '/v1/integrations/salesforce', () =>
        connected ? { status: 200, body: connected } : apiError(404, 'No connection to salesforce'),
      )
      .on('PUT', '/v1/integrations/salesforce', ({ body }) => {
        connected = {
          ...anIntegration({ system: 'salesforce' }),
          ...(body as Partial<Integration>),
        };
        return { status: 201, body: connected };
      });
    renderConsole(catalog, { route: '/integrations/salesforce', apiKey: ADMIN_KEY });

    const form = await screen.findByRole('form', { name: 'How it syncs' });
    const invoices = within(form).getByLabelText('Invoices');
    expect(invoices).not.toBeChecked();
    expect(invoices).toBeDisabled();
    expect(invoices).toHaveAccessibleDescription(
      'Invoices do not sync to Salesforce: it has no standard invoice object.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Connect' }));

    expect(await screen.findByRole('heading', { name: 'Salesforce', level: 1 })).toBeVisible();
    expect(catalog.sent('PUT', '/v1/integrations/salesforce')[0].body).toMatchObject({
      entityTypes: ['customer', 'product'],
    });
  });

  it('sends credentials once and never shows them', async () => {
    const catalog = aCatalog().on('POST', '/v1/integrations/stripe/credentials', () => ({
      status: 200,
      body: anIntegration(),
    }));
    const { container } = renderConsole(catalog, {
      route: '/integrations/stripe',
      apiKey: ADMIN_KEY,
    });
    const field = await screen.findByLabelText('Secret API key');
    expect(field).toHaveAttribute('type', 'password');
    expect(screen.getByText(/stored encrypted\. They are never shown again/)).toBeVisible();

    await userEvent.type(field, SECRET);
    await userEvent.click(screen.getByRole('button', { name: 'Replace credentials' }));

    expect(await screen.findByText('Credentials saved.')).toBeVisible();
    expect(catalog.sent('POST', '/v1/integrations/stripe/credentials')[0].body).toEqual({
      apiKey: SECRET,
    });
    expect(field).toHaveValue('');
    expect(container.innerHTML).not.toContain(SECRET);
  });

  it("asks for what Xero's connector signs in with and sends exactly those fields", async () => {
    const catalog = aCatalog()
      .on('GET', '/v1/integrations/xero', () => ({
        status: 200,
        body: anIntegration({ system: 'xero' }),
      }))
      .on('POST', '/v1/integrations/xero/credentials', () => ({
        status: 200,
        body: anIntegration({ system: 'xero' }),
      }));
    renderConsole(catalog, { route: '/integrations/xero', apiKey: ADMIN_KEY });

    await userEvent.type(await screen.findByLabelText('Client id'), 'app-id');
    await userEvent.type(screen.getByLabelText('Client secret'), SECRET);
    const refreshToken = screen.getByLabelText('Refresh token');
    expect(refreshToken).toHaveAttribute('type', 'password');
    await userEvent.type(refreshToken, 'refresh-1');
    await userEvent.type(screen.getByLabelText('Xero organisation (tenant) id'), 'org-1');
    await userEvent.click(screen.getByRole('button', { name: 'Replace credentials' }));

    expect(await screen.findByText('Credentials saved.')).toBeVisible();
    expect(catalog.sent('POST', '/v1/integrations/xero/credentials')[0].body).toEqual({
      clientId: 'app-id',
      clientSecret: SECRET,
      refreshToken: 'refresh-1',
      accountId: 'org-1',
    });
  });

  it("asks Salesforce for its connected app only, not a user's password", async () => {
    const catalog = aCatalog().on('GET', '/v1/integrations/salesforce', () => ({
      status: 200,
      body: anIntegration({ system: 'salesforce' }),
    }));
    renderConsole(catalog, { route: '/integrations/salesforce', apiKey: ADMIN_KEY });

    expect(await screen.findByLabelText('Consumer key')).toHaveAttribute('type', 'text');
    expect(screen.getByLabelText('Consumer secret')).toHaveAttribute('type', 'password');
    const form = screen.getByRole('region', { name: 'Credentials' });
    expect(within(form).queryByLabelText(/password/i)).toBeNull();
  });

  it('shows the webhook URL the connector registered', async () => {
    const catalog = aCatalog().on('GET', '/v1/integrations/stripe/status', () => ({
      status: 200,
      body: {
        health: 'healthy',
        state: 'active',
        reason: null,
        webhook: { url: 'https://hooks.concord.example/stripe/acme', secretSet: true },
        observedAt: new Date().toISOString(),
      },
    }));
    renderConsole(catalog, { route: '/integrations/stripe', apiKey: ADMIN_KEY });
    expect(await screen.findByLabelText('Webhook URL')).toHaveValue(
      'https://hooks.concord.example/stripe/acme',
    );
  });

  it.each([
    ['approve', 'Approve 1 delete'],
    ['reject', 'Reject and keep the records'],
  ] as const)('%ss deletes held by the mass-delete guard', async (decision, button) => {
    let held = true;
    const catalog = aCatalog()
      .on('GET', '/v1/integrations/stripe/held-deletes', () => ({
        status: 200,
        body: {
          data: held
            ? [
                {
                  id: 'h1',
                  system: 'stripe',
                  entityType: 'customer',
                  entityId: '0b7d4f7e-1111-4a4a-8888-123456789abc',
                  externalId: 'cus_gone1',
                  changedAt: new Date().toISOString(),
                  status: 'held',
                  createdAt: new Date().toISOString(),
                },
              ]
            : [],
        },
      }))
      .on('POST', `/v1/integrations/stripe/held-deletes/${decision}`, () => {
        held = false;
        return { status: 200, body: { applied: 1 } };
      });
    renderConsole(catalog, { route: '/integrations/stripe', apiKey: ADMIN_KEY });

    const panel = await screen.findByRole('region', { name: 'Deletes waiting for review' });
    expect(within(panel).getByText('cus_gone1')).toBeVisible();
    await userEvent.click(within(panel).getByRole('button', { name: button }));
    await screen.findByRole('form', { name: 'How it syncs' });
    expect(
      screen.queryByRole('region', { name: 'Deletes waiting for review' }),
    ).not.toBeInTheDocument();
    expect(catalog.sent('POST', /held-deletes\/(approve|reject)$/).map((r) => r.path)).toEqual([
      `/v1/integrations/stripe/held-deletes/${decision}`,
    ]);
  });

  it('keeps read-only keys out', async () => {
    renderConsole(aCatalog(), { route: '/integrations/stripe', apiKey: READ_KEY });
    expect(await screen.findByText('Not available with this key')).toBeVisible();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });
});
