import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';

import { describeError } from '../api/api-error';
import type { HeldDelete } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { entityName, plural, systemName, timeAgo } from '../ui/format';
import { ErrorState, Notice } from '../ui/states';

/** Deletes the mass-delete guard held back, for an administrator to approve or reject. */
export function HeldDeletesPanel({ system }: { system: string }) {
  const { client, session } = useSignedIn();
  const queryClient = useQueryClient();
  const held = useQuery({
    queryKey: useQueryKey('held-deletes', system),
    queryFn: () =>
      client
        .get<{ data: HeldDelete[] }>(`/v1/integrations/${system}/held-deletes`)
        .then((page) => page.data.filter((item) => item.status === 'held')),
  });
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      client.post<{ applied?: number }>(`/v1/integrations/${system}/held-deletes/${decision}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [session.apiKeyId] }),
  });
  const name = systemName(system);

  // A secondary panel: it appears only when there is something to decide.
  if (held.isPending) return null;
  if (held.isError) return <ErrorState error={held.error} onRetry={() => void held.refetch()} />;
  if (held.data.length === 0) return null;
  return (
    <section className="panel panel-warn" id="held-deletes" aria-labelledby="held-heading">
      <h2 id="held-heading">Deletes waiting for review</h2>
      <p>
        {name} deleted an unusual share of records at once, so Concord paused the sync and held{' '}
        {plural(held.data.length, 'delete')}. Approve to delete them in the catalog too, or reject
        to keep the records. Either way the sync resumes.
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Held deletes</caption>
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">{name} id</th>
              <th scope="col">Deleted in {name}</th>
            </tr>
          </thead>
          <tbody>
            {held.data.map((item) => (
              <tr key={item.id}>
                <td>
                  <Link to={`/records/${item.entityType}/${item.entityId}`}>
                    {entityName(item.entityType)} {item.entityId.slice(0, 8)}
                  </Link>
                </td>
                <td>
                  <code>{item.externalId}</code>
                </td>
                <td>{timeAgo(item.changedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {decide.isError && <Notice tone="error">{describeError(decide.error)}</Notice>}
      <div className="actions">
        <button
          type="button"
          className="button button-danger"
          disabled={decide.isPending}
          onClick={() => decide.mutate('approve')}
        >
          Approve {plural(held.data.length, 'delete')}
        </button>
        <button
          type="button"
          className="button"
          disabled={decide.isPending}
          onClick={() => decide.mutate('reject')}
        >
          Reject and keep the records
        </button>
      </div>
    </section>
  );
}
