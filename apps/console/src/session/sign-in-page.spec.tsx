import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { aCatalog, ADMIN_KEY, READ_KEY } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';
import { API_KEY_STORAGE_KEY } from './session-context';

describe('signing in', () => {
  it('refuses an unknown key in plain words and keeps nothing', async () => {
    const catalog = aCatalog();
    const { storage } = renderConsole(catalog);
    await userEvent.type(screen.getByLabelText('API key'), 'ck_test_wrong_key');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(
      await screen.findByText('Concord does not know this API key, or it has been revoked.'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('API key')).toHaveAttribute('aria-invalid', 'true');
    expect(storage.items.size).toBe(0);
  });

  it('asks for a key before calling the API', async () => {
    const catalog = aCatalog();
    renderConsole(catalog);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your API key.')).toBeInTheDocument();
    expect(catalog.requests).toHaveLength(0);
  });

  it('signs in with an admin key, sends it as a Bearer token and keeps it in session storage only', async () => {
    const catalog = aCatalog();
    const { storage } = renderConsole(catalog);
    await userEvent.type(screen.getByLabelText('API key'), ADMIN_KEY);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
    expect(screen.getByText('Acme Ltd')).toBeInTheDocument();
    expect(storage.getItem(API_KEY_STORAGE_KEY)).toBe(ADMIN_KEY);
    expect(catalog.requests.every((r) => r.authorization === `Bearer ${ADMIN_KEY}`)).toBe(true);
    expect(catalog.requests.every((r) => !r.path.includes(ADMIN_KEY))).toBe(true);
    expect(screen.getByRole('link', { name: 'Settings' })).toBeInTheDocument();
    expect(screen.queryByText(/Read-only access/)).not.toBeInTheDocument();
  });

  it('signs a read-scope key in read-only: no settings, no configure or pause', async () => {
    renderConsole(aCatalog(), { apiKey: READ_KEY });

    const card = await screen.findByRole('article', { name: 'Stripe' });
    expect(screen.getByText(/Read-only access/)).toBeInTheDocument();
    expect(screen.getByText(/Auditor · read-only/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Settings' })).not.toBeInTheDocument();
    expect(within(card).queryByRole('link', { name: 'Configure' })).not.toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: /Pause/ })).not.toBeInTheDocument();
  });

  it('forgets the key on sign out', async () => {
    const { storage } = renderConsole(aCatalog(), { apiKey: ADMIN_KEY });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(screen.getByRole('heading', { name: 'Sign in to the console' })).toBeVisible();
    expect(storage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  });
});
