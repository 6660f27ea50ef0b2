import { useQuery } from '@tanstack/react-query';

import { useSignedIn } from '../session/session-context';
import type { IntegrationOverview, Session } from './api-types';

/** Query keys carry the key id, so a different key never sees another key's cache. */
export function useQueryKey(...parts: unknown[]): unknown[] {
  const { session } = useSignedIn();
  return [session.apiKeyId, ...parts];
}

/** The overview is polled: it is what operators watch. */
export const OVERVIEW_POLL_MS = 10_000;

export function useIntegrationsOverview() {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: useQueryKey('overview'),
    queryFn: () =>
      client
        .get<{ data: IntegrationOverview[] }>('/v1/overview/integrations')
        .then((page) => page.data),
    refetchInterval: OVERVIEW_POLL_MS,
  });
}

export function useSession(): Session {
  return useSignedIn().session;
}
