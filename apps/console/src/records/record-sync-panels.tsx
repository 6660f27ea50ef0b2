import type { UseQueryResult } from '@tanstack/react-query';

import { activityDetail, activityWords } from '../activity/activity-words';
import type {
  ActivityItem,
  CatalogRecord,
  EntityType,
  RecordSync,
  SystemSync,
} from '../api/api-types';
import { Badge, type Tone } from '../ui/badge';
import { dateTime, systemName, timeAgo } from '../ui/format';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { ConflictsPanel } from './conflicts-panel';

const STATE: Record<NonNullable<SystemSync['state']>, { label: string; tone: Tone }> = {
  synced: { label: 'Synced', tone: 'ok' },
  pending: { label: 'Waiting to sync', tone: 'info' },
  failed: { label: 'Failed', tone: 'bad' },
  conflict: { label: 'Conflict', tone: 'warn' },
};

const STRIPE_PATHS: Record<EntityType, string> = {
  customer: 'customers',
  product: 'products',
  invoice: 'invoices',
};

/** A link to the record in the provider's own app, where the console knows the address. */
export function externalLink(
  system: string,
  entityType: EntityType,
  externalId: string,
): string | null {
  if (system === 'stripe')
    return `https://dashboard.stripe.com/${STRIPE_PATHS[entityType]}/${externalId}`;
  return null;
}

export function RecordSyncPanels({
  entityType,
  record,
  sync,
  history,
}: {
  entityType: EntityType;
  record: CatalogRecord;
  sync: UseQueryResult<RecordSync>;
  history: UseQueryResult<ActivityItem[]>;
}) {
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="sync-heading">
        <h2 id="sync-heading">In each system</h2>
        {sync.isPending ? (
          <Loading label="Loading the sync state…" />
        ) : sync.isError ? (
          <ErrorState error={sync.error} onRetry={() => void sync.refetch()} />
        ) : sync.data.systems.length === 0 ? (
          <EmptyState title="Not synced anywhere yet" />
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Sync state per system</caption>
              <thead>
                <tr>
                  <th scope="col">System</th>
                  <th scope="col">State</th>
                  <th scope="col">External id</th>
                  <th scope="col">Synced version</th>
                  <th scope="col">Last change</th>
                </tr>
              </thead>
              <tbody>
                {sync.data.systems.map((item) => {
                  const state = item.state
                    ? STATE[item.state]
                    : { label: 'Linked', tone: 'muted' as Tone };
                  const link = item.externalId
                    ? externalLink(item.system, entityType, item.externalId)
                    : null;
                  return (
                    <tr key={item.system}>
                      <th scope="row">{systemName(item.system)}</th>
                      <td>
                        <Badge tone={state.tone}>{state.label}</Badge>
                        {item.lastError?.message && (
                          <p className="field-error">{item.lastError.message}</p>
                        )}
                      </td>
                      <td>
                        {item.externalId ? (
                          link ? (
                            <a href={link} target="_blank" rel="noreferrer noopener">
                              <code>{item.externalId}</code>
                              <span className="visually-hidden">
                                {' '}
                                (opens {systemName(item.system)})
                              </span>
                            </a>
                          ) : (
                            <code>{item.externalId}</code>
                          )
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {item.entityVersion ?? '—'} of {record.version}
                      </td>
                      <td title={dateTime(item.stateUpdatedAt)}>{timeAgo(item.stateUpdatedAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {sync.data && sync.data.conflicts.length > 0 && (
        <ConflictsPanel conflicts={sync.data.conflicts} entityType={entityType} />
      )}

      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">Recent sync events</h2>
        {history.isPending ? (
          <Loading label="Loading the history…" />
        ) : history.isError ? (
          <ErrorState error={history.error} onRetry={() => void history.refetch()} />
        ) : history.data.length === 0 ? (
          <EmptyState title="No recent sync events for this record" />
        ) : (
          <ol className="timeline">
            {history.data.map((item) => {
              const words = activityWords(item);
              const detail = activityDetail(item);
              return (
                <li key={item.id}>
                  <Badge tone={words.tone}>{words.words}</Badge>
                  <span className="muted small" title={dateTime(item.createdAt)}>
                    {' '}
                    {timeAgo(item.createdAt)}
                  </span>
                  {detail && <p className="small">{detail}</p>}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
