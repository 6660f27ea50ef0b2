import { useInfiniteQuery } from '@tanstack/react-query';

import type { AuditEntry, Page } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { dateTime, timeAgo } from '../ui/format';
import { EmptyState, ErrorState, Loading } from '../ui/states';

export function AuditLogPanel() {
  const { client } = useSignedIn();
  const log = useInfiniteQuery({
    queryKey: useQueryKey('audit-log'),
    queryFn: ({ pageParam }) =>
      client.get<Page<AuditEntry>>('/v1/audit-log', { limit: 25, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
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
                  <td>
                    <code>{entry.actor}</code>
                  </td>
                  <td>{entry.action}</td>
                  <td>
                    {entry.targetType} <code>{entry.targetId}</code>
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
