import { screen } from '@testing-library/react';

import type { HttpRequest } from '../api/api-client';
import { apiError, type FakeCatalog } from '../testing/fake-catalog';
import { aCatalog, ADMIN_KEY } from '../testing/fixtures';
import { renderConsole } from '../testing/render-console';

/** Each main page, the list it loads, and the words of its loading, empty and error states. */
const PAGES = [
  {
    route: '/',
    path: '/v1/overview/integrations',
    loading: 'Loading integrations…',
    empty: 'No external systems yet',
    error: 'Could not load the integrations',
  },
  {
    route: '/failures',
    path: '/v1/dead-letters',
    loading: 'Loading failures…',
    empty: 'No open failures',
    error: 'Could not load the failures',
  },
  {
    route: '/records',
    path: '/v1/customers',
    loading: 'Loading customers…',
    empty: 'No customers found',
    error: 'Could not load the records',
  },
] as const;

/** The catalog, with `path` answered only once `release` is called. */
function heldCatalog(catalog: FakeCatalog, path: string): { release: () => void } & FakeCatalog {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const transport = async (request: HttpRequest) => {
    if (new URL(request.path, 'http://console.test').pathname === path) await gate;
    return catalog.transport(request);
  };
  return Object.assign(Object.create(catalog) as FakeCatalog, { transport, release });
}

describe.each(PAGES)('the $route page', (page) => {
  const empty = () =>
    aCatalog([]).on('GET', page.path, () => ({
      status: 200,
      body: { data: [], nextCursor: null },
    }));

  it('says it is loading until the API answers, then that there is nothing', async () => {
    const catalog = heldCatalog(empty(), page.path);
    renderConsole(catalog, { route: page.route, apiKey: ADMIN_KEY });
    const loading = await screen.findByText(page.loading);
    expect(loading.closest('[role="status"]')).not.toBeNull();
    catalog.release();
    expect(await screen.findByText(page.empty)).toBeVisible();
    expect(screen.queryByText(page.loading)).not.toBeInTheDocument();
  });

  it('says what could not be loaded, and offers to try again', async () => {
    const catalog = empty().on('GET', page.path, () => apiError(503, 'Database unavailable'));
    renderConsole(catalog, { route: page.route, apiKey: ADMIN_KEY });
    expect(await screen.findByText(page.error)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeVisible();
  });
});
