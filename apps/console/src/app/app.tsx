import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactElement, useState } from 'react';
import { Route, Routes } from 'react-router';

import { ActivityPage } from '../activity/activity-page';
import type { HttpTransport } from '../api/api-client';
import { FailuresPage } from '../failures/failures-page';
import { IntegrationPage } from '../integrations/integration-page';
import { IntegrationsPage } from '../integrations/integrations-page';
import { RecordPage } from '../records/record-page';
import { RecordsPage } from '../records/records-page';
import { SessionProvider, useSessionControl, useSignedIn } from '../session/session-context';
import { SignInPage } from '../session/sign-in-page';
import { SettingsPage } from '../settings/settings-page';
import { EmptyState, Loading } from '../ui/states';
import { Layout } from './layout';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: 1, staleTime: 5_000, refetchOnWindowFocus: true },
    },
  });
}

function AdminOnly({ children }: { children: ReactElement }) {
  const { can } = useSignedIn();
  return can('admin') ? (
    children
  ) : (
    <EmptyState title="Not available with this key">
      This page needs an API key with the admin scope.
    </EmptyState>
  );
}

function ConsoleRoutes() {
  const { current, restoring } = useSessionControl();
  if (!current) return restoring ? <Loading label="Signing in…" /> : <SignInPage />;
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<IntegrationsPage />} />
        <Route
          path="/integrations/:system"
          element={
            <AdminOnly>
              <IntegrationPage />
            </AdminOnly>
          }
        />
        <Route path="/activity" element={<ActivityPage />} />
        <Route path="/failures" element={<FailuresPage />} />
        <Route path="/records" element={<RecordsPage />} />
        <Route path="/records/:entityType/:id" element={<RecordPage />} />
        <Route
          path="/settings"
          element={
            <AdminOnly>
              <SettingsPage />
            </AdminOnly>
          }
        />
        <Route path="*" element={<EmptyState title="There is no page here" />} />
      </Routes>
    </Layout>
  );
}

/** The console without its router (main.tsx adds the browser's, tests a memory router). */
export function App({
  transport,
  storage,
  queryClient,
}: {
  transport?: HttpTransport;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  queryClient?: QueryClient;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <SessionProvider transport={transport} storage={storage}>
        <ConsoleRoutes />
      </SessionProvider>
    </QueryClientProvider>
  );
}
