import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';

import { App } from '../app/app';
import { API_KEY_STORAGE_KEY } from '../session/session-context';
import type { FakeCatalog } from './fake-catalog';

/** sessionStorage as a plain map, so a test can see what the console kept. */
export class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/**
 * The whole console at `route`, talking to `catalog`. With `apiKey` the tab already holds a
 * key (as after a reload), so the console signs in with it first.
 */
export function renderConsole(
  catalog: FakeCatalog,
  { route = '/', apiKey }: { route?: string; apiKey?: string } = {},
) {
  const storage = new MemoryStorage();
  if (apiKey) storage.setItem(API_KEY_STORAGE_KEY, apiKey);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchInterval: false } },
  });
  const view = render(
    <MemoryRouter initialEntries={[route]}>
      <App transport={catalog.transport} storage={storage} queryClient={queryClient} />
    </MemoryRouter>,
  );
  return { ...view, storage, queryClient };
}
