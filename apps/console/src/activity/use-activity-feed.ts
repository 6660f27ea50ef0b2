import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';

import type { ActivityItem, EntityType, Page } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { readActivityStream } from './activity-stream';
import type { Outcome } from './activity-words';

/** How often the feed polls when the live stream keeps failing. */
export const ACTIVITY_POLL_MS = 5_000;

/** Reconnect delays of the live stream (doubling), and when to fall back to polling. */
export const STREAM_RETRY = { firstMs: 1_000, maxMs: 30_000, failuresBeforePolling: 4 };

export type FeedMode = 'connecting' | 'live' | 'reconnecting' | 'polling';

export interface ActivityFilters {
  system: string;
  entityType: EntityType | '';
  outcome: Outcome | '';
}

const MAX_ROWS = 200;

/**
 * The sync events for the filters, newest first: the latest page of the list, then every event the
 * live stream sends. The stream reconnects with backoff and Last-Event-ID; after repeated failures
 * the list is polled instead (and the stream still retried, at the longest delay).
 */
export function useActivityFeed(filters: ActivityFilters) {
  const { client } = useSignedIn();
  const { system, entityType, outcome } = filters;
  const query = { system, entityType, outcome };
  const [mode, setMode] = useState<FeedMode>('connecting');
  const [live, setLive] = useState<ActivityItem[]>([]);
  const list = useQuery({
    queryKey: useQueryKey('activity', system, entityType, outcome),
    queryFn: () => client.get<Page<ActivityItem>>('/v1/sync/activity', { ...query, limit: 100 }),
    refetchInterval: mode === 'polling' ? ACTIVITY_POLL_MS : false,
  });
  const refetchList = useRef(list.refetch);
  refetchList.current = list.refetch;

  useEffect(() => {
    const controller = new AbortController();
    let lastEventId: string | null = null;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLive([]);
    setMode('connecting');
    const connect = (): void => {
      readActivityStream(client, { system, entityType, outcome }, lastEventId, controller.signal, {
        onReady: () => {
          // Catch up on what was written before the stream opened, then stay live.
          if (failures > 0 || lastEventId === null) void refetchList.current();
          failures = 0;
          setMode('live');
        },
        onActivity: (item, id) => {
          if (id) lastEventId = id;
          setLive((rows) => [item, ...rows.filter((row) => row.id !== item.id)].slice(0, MAX_ROWS));
        },
      }).then(retry, retry);
    };
    const retry = (): void => {
      if (controller.signal.aborted) return;
      failures += 1;
      const polling = failures >= STREAM_RETRY.failuresBeforePolling;
      setMode(polling ? 'polling' : 'reconnecting');
      const delay = Math.min(STREAM_RETRY.firstMs * 2 ** (failures - 1), STREAM_RETRY.maxMs);
      timer = setTimeout(connect, delay);
    };
    connect();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [client, system, entityType, outcome]);

  const rows = useMemo(() => {
    const seen = new Set<string>();
    return [...live, ...(list.data?.data ?? [])]
      .filter((item) => !seen.has(item.id) && seen.add(item.id))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, MAX_ROWS);
  }, [live, list.data]);

  return { list, rows, mode };
}
