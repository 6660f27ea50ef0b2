import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { DeadLetter, Page } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { PageHeader } from '../ui/page-header';
import { EmptyState, ErrorState, Loading, Notice } from '../ui/states';
import { FailuresTable } from './failures-table';

type Status = DeadLetter['status'];
type Action = 'replay' | 'discard';
const STATUS_LABELS: Record<Status, string> = {
  open: 'Open',
  replayed: 'Replayed',
  discarded: 'Discarded',
};

/** Dead letters: changes that failed for good, to replay (after a fix) or discard. */
export function FailuresPage() {
  const { client, can, session } = useSignedIn();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>('open');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const letters = useInfiniteQuery({
    queryKey: useQueryKey('dead-letters', status),
    queryFn: ({ pageParam }) =>
      client.get<Page<DeadLetter>>('/v1/dead-letters', { status, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
  const act = useMutation({
    mutationFn: async ({ action, ids }: { action: Action; ids: string[] }) => {
      const failed: string[] = [];
      for (const id of ids) {
        await client.post(`/v1/dead-letters/${id}/${action}`, {}).catch((error: unknown) => {
          failed.push(error instanceof Error ? error.message : String(error));
        });
      }
      return { action, done: ids.length - failed.length, failed };
    },
    onSuccess: ({ action, done, failed }) => {
      const verb = action === 'replay' ? 'replayed' : 'discarded';
      setResult(
        failed.length === 0
          ? { tone: 'success', text: `${done} ${done === 1 ? 'change' : 'changes'} ${verb}.` }
          : { tone: 'error', text: `${done} ${verb}, ${failed.length} not: ${failed[0]}` },
      );
      setSelected(new Set());
      return queryClient.invalidateQueries({ queryKey: [session.apiKeyId] });
    },
  });
  const rows = letters.data?.pages.flatMap((page) => page.data) ?? [];
  const run = (action: Action, ids: string[]) => {
    setResult(null);
    act.mutate({ action, ids });
  };

  return (
    <>
      <PageHeader
        title="Failures"
        description="Changes that could not be synced, even after retries. Fix the cause, then replay them; discard what should not sync."
      />
      <div className="tabs" role="group" aria-label="Show failures that are">
        {(Object.keys(STATUS_LABELS) as Status[]).map((value) => (
          <button
            key={value}
            type="button"
            className={`tab${status === value ? ' tab-active' : ''}`}
            aria-pressed={status === value}
            onClick={() => {
              setStatus(value);
              setSelected(new Set());
            }}
          >
            {STATUS_LABELS[value]}
          </button>
        ))}
      </div>
      {result && <Notice tone={result.tone}>{result.text}</Notice>}
      {status === 'open' && can('admin') && rows.length > 0 && (
        <div className="toolbar">
          <span>{selected.size} selected</span>
          <button
            type="button"
            className="button button-primary"
            disabled={selected.size === 0 || act.isPending}
            onClick={() => run('replay', [...selected])}
          >
            Replay selected
          </button>
          <button
            type="button"
            className="button"
            disabled={selected.size === 0 || act.isPending}
            onClick={() => run('discard', [...selected])}
          >
            Discard selected
          </button>
        </div>
      )}
      {letters.isPending ? (
        <Loading label="Loading failures…" />
      ) : letters.isError ? (
        <ErrorState
          error={letters.error}
          title="Could not load the failures"
          onRetry={() => void letters.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title={status === 'open' ? 'No open failures' : `Nothing ${status} yet`}>
          {status === 'open' ? 'Every change that failed has been dealt with.' : null}
        </EmptyState>
      ) : (
        <>
          <FailuresTable
            rows={rows}
            selectable={status === 'open' && can('admin')}
            selected={selected}
            onSelect={setSelected}
            busy={act.isPending}
            onAction={(action, id) => run(action, [id])}
          />
          {letters.hasNextPage && (
            <button
              type="button"
              className="button"
              disabled={letters.isFetchingNextPage}
              onClick={() => void letters.fetchNextPage()}
            >
              Show more
            </button>
          )}
        </>
      )}
    </>
  );
}
