import { useInfiniteQuery, useQuery } from '@tanstack/react-query';

import type { ApiKey, AuditEntry, Page } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { dateTime, timeAgo } from '../ui/format';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { auditAction, auditActor, auditTarget } from './audit-words';

export function AuditLogPanel() {
  const { client } = useSignedIn();
  const log = useInfiniteQuery({
    queryKey: useQueryKey('audit-log'),
    queryFn: ({ pageParam }) =>
      client.get<Page<AuditEntry>>('/v1/audit-log', { limit: 25, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  // The same query (and cache) as the API keys panel: names for the key ids the log records.
  const keys = useQuery({
    queryKey: useQueryKey('api-keys'),
    queryFn: () => client.get<{ data: ApiKey[] }>('/v1/api-keys').then((page) => page.data),
  });
  const knownKeys = keys.data ?? [];
  const rows = log.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {log.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No configuration changes yet" />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Configuration changes, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <tr key={entry.id}>
                  <td title={dateTime(entry.createdAt)}>{timeAgo(entry.createdAt)}</td>
                  <td title={entry.actor}>{auditActor(entry, knownKeys)}</td>
                  <td title={entry.action}>{auditAction(entry)}</td>
                  <td title={`${entry.targetType} ${entry.targetId}`}>
                    {auditTarget(entry, knownKeys)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          Show older changes
        </button>
      )}
    </section>
  );
}
