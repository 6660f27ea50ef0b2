import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ApiKey } from '../api/api-types';
import { apiError } from '../testing/fake-catalog';
import { aCatalog, ADMIN_KEY } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';

const NEW_KEY = 'ck_live_newkey000001_abcdefghijklmnopqrstuvwxyz123456';

function settingsCatalog() {
  const keys: ApiKey[] = [
    {
      id: 'key-admin',
      keyId: 'adminkey0001',
      name: 'Finance admin',
      scopes: ['read', 'write', 'admin'],
      createdAt: new Date().toISOString(),
      lastUsedAt: new Date().toISOString(),
      revokedAt: null,
    },
  ];
  return aCatalog()
    .on('GET', '/v1/api-keys', () => ({ status: 200, body: { data: keys } }))
    .on('POST', '/v1/api-keys', ({ body }) => {
      const { name, scopes } = body as { name: string; scopes: ApiKey['scopes'] };
      if (name === '')
        return apiError(400, 'Invalid request body', [
          { field: 'name', message: 'name should not be empty' },
        ]);
      const key = {
        id: 'key-2',
        keyId: 'newkey000001',
        name,
        scopes,
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      };
      keys.push(key);
      return { status: 201, body: { ...key, key: NEW_KEY } };
    })
    .on('DELETE', '/v1/api-keys/key-2', () => {
      keys[1] = { ...keys[1], revokedAt: new Date(Date.now() - 1000).toISOString() };
      return { status: 200, body: keys[1] };
    })
    .on('GET', '/v1/notifications/webhook', () => apiError(404, 'No webhook'))
    .on('GET', '/v1/audit-log', () => ({
      status: 200,
      body: {
        data: [
          {
            id: 'e1',
            actor: 'key-admin',
            action: 'integration.updated',
            targetType: 'integration',
            targetId: 'stripe',
            details: {},
            createdAt: new Date().toISOString(),
          },
        ],
        nextCursor: null,
      },
    }));
}

describe('settings', () => {
  it('creates a key, shows it once, and revokes it', async () => {
    const catalog = settingsCatalog();
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(true);
    renderConsole(catalog, { route: '/settings', apiKey: ADMIN_KEY });
    const panel = await screen.findByRole('region', { name: 'API keys' });

    await userEvent.click(within(panel).getByRole('button', { name: 'Create key' }));
    expect(await within(panel).findByText('name should not be empty')).toBeVisible();

    await userEvent.type(within(panel).getByLabelText('Name'), 'Month-end review');
    await userEvent.click(within(panel).getByRole('button', { name: 'Create key' }));
    expect(await within(panel).findByLabelText('New API key')).toHaveValue(NEW_KEY);
    expect(catalog.sent('POST', '/v1/api-keys').at(-1)?.body).toEqual({
      name: 'Month-end review',
      scopes: ['read'],
    });
    await userEvent.click(within(panel).getByRole('button', { name: 'I have stored it' }));
    expect(within(panel).queryByDisplayValue(NEW_KEY)).not.toBeInTheDocument();

    const row = within(panel).getByRole('row', { name: /Month-end review/ });
    await userEvent.click(within(row).getByRole('button', { name: /Revoke/ }));
    expect(await within(row).findByText('Revoked')).toBeVisible();
    expect(confirm).toHaveBeenCalled();
    // The key signed in cannot revoke itself from here.
    const own = within(panel).getByRole('row', { name: /Finance admin/ });
    expect(within(own).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
  });

  it('shows the audit log and the notification webhook state', async () => {
    renderConsole(settingsCatalog(), { route: '/settings', apiKey: ADMIN_KEY });
    const audit = await screen.findByRole('region', { name: 'Audit log' });
    // In words: the action, the key by its name, the system by its name.
    const row = await within(audit).findByRole('row', { name: /Changed the settings/ });
    expect(within(row).getByText('Finance admin (API key)')).toBeVisible();
    expect(within(row).getByText('Stripe')).toBeVisible();
    expect(await screen.findByText('No webhook: nobody is notified.')).toBeVisible();
  });

  it('sets the notification webhook, shows its secret once, refuses a bad URL by name, and stops it', async () => {
    let webhook: { url: string; createdAt: string; updatedAt: string } | null = null;
    const catalog = settingsCatalog()
      .on('GET', '/v1/notifications/webhook', () =>
        webhook ? { status: 200, body: webhook } : apiError(404, 'No webhook'),
      )
      .on('PUT', '/v1/notifications/webhook', ({ body }) => {
        const { url } = body as { url: string };
        if (!url.startsWith('https://'))
          return apiError(400, 'Invalid request body', [
            { field: 'url', message: 'url must be a public https address' },
          ]);
        const at = new Date().toISOString();
        webhook = { url, createdAt: at, updatedAt: at };
        return { status: 200, body: { ...webhook, secret: 'whsec_shownonce' } };
      })
      .on('DELETE', '/v1/notifications/webhook', () => {
        webhook = null;
        return { status: 204 };
      });
    renderConsole(catalog, { route: '/settings', apiKey: ADMIN_KEY });

    const url = await screen.findByLabelText('Webhook URL');
    await userEvent.type(url, 'http://10.0.0.1/hook');
    await userEvent.click(screen.getByRole('button', { name: 'Save webhook' }));
    expect(await screen.findByText('url must be a public https address')).toBeVisible();
    expect(screen.getByLabelText('Webhook URL')).toHaveAttribute('aria-invalid', 'true');

    await userEvent.clear(screen.getByLabelText('Webhook URL'));
    await userEvent.type(screen.getByLabelText('Webhook URL'), 'https://finance.example/hooks');
    await userEvent.click(screen.getByRole('button', { name: 'Save webhook' }));
    expect(await screen.findByLabelText('Signing secret')).toHaveValue('whsec_shownonce');
    expect(await screen.findByText('https://finance.example/hooks')).toBeVisible();
    expect(catalog.sent('PUT', '/v1/notifications/webhook').at(-1)?.body).toEqual({
      url: 'https://finance.example/hooks',
    });

    await userEvent.click(screen.getByRole('button', { name: 'Stop sending' }));
    expect(await screen.findByText('No webhook: nobody is notified.')).toBeVisible();
    expect(catalog.sent('DELETE', '/v1/notifications/webhook')).toHaveLength(1);
  });
});
