import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';

import type { EntityType } from '../api/api-types';
import { ENTITY_TYPES } from '../api/api-types';
import { useIntegrationsOverview } from '../api/queries';
import { Badge } from '../ui/badge';
import { dateTime, entityName, systemName, timeAgo } from '../ui/format';
import { PageHeader } from '../ui/page-header';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { activityDetail, activityWords, type Outcome } from './activity-words';
import { type FeedMode, useActivityFeed } from './use-activity-feed';

// The charting library is most of the bundle: it loads with the first visit to this page.
const SyncChartsPanel = lazy(() =>
  import('../charts/sync-charts-panel').then((module) => ({ default: module.SyncChartsPanel })),
);

const MODE_LABELS: Record<FeedMode, string> = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  polling: 'Polling',
};

const MODE_WORDS: Record<FeedMode, string> = {
  connecting: 'Connecting to the live feed…',
  live: 'Live: new events appear as they happen.',
  reconnecting: 'Live feed interrupted, reconnecting…',
  polling: 'The live feed keeps failing: refreshing every 5 seconds instead.',
};

const OUTCOMES: Array<{ value: Outcome | ''; label: string }> = [
  { value: '', label: 'Any' },
  { value: 'success', label: 'Synced' },
  { value: 'failure', label: 'Failed' },
  { value: 'conflict', label: 'Conflicts' },
  { value: 'delete', label: 'Deletes' },
];

export function ActivityPage() {
  const [system, setSystem] = useState('');
  const [entityType, setEntityType] = useState<EntityType | ''>('');
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const systems = useIntegrationsOverview().data?.map((item) => item.system) ?? [];
  const { list: feed, rows, mode } = useActivityFeed({ system, entityType, outcome });

  return (
    <>
      <PageHeader
        title="Activity"
        description="What Concord synced, and what failed, as it happens."
      />
      <Suspense fallback={<Loading label="Loading charts…" />}>
        <SyncChartsPanel />
      </Suspense>
      <h2 className="section-title">Sync events</h2>
      <p className="small" role="status">
        <Badge tone={mode === 'live' ? 'ok' : mode === 'polling' ? 'warn' : 'muted'}>
          {MODE_LABELS[mode]}
        </Badge>{' '}
        {MODE_WORDS[mode]}
      </p>
      <div className="filters" role="group" aria-label="Filter the activity">
        <label>
          <span>System</span>
          <select value={system} onChange={(event) => setSystem(event.target.value)}>
            <option value="">All systems</option>
            {systems.map((value) => (
              <option key={value} value={value}>
                {systemName(value)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Record type</span>
          <select
            value={entityType}
            onChange={(event) => setEntityType(event.target.value as EntityType | '')}
          >
            <option value="">All records</option>
            {ENTITY_TYPES.map((value) => (
              <option key={value} value={value}>
                {entityName(value)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Outcome</span>
          <select
            value={outcome}
            onChange={(event) => setOutcome(event.target.value as Outcome | '')}
          >
            {OUTCOMES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {feed.isPending ? (
        <Loading label="Loading activity…" />
      ) : feed.isError ? (
        <ErrorState
          error={feed.error}
          title="Could not load the activity"
          onRetry={() => void feed.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title="No sync events">
          {system || entityType || outcome
            ? 'Nothing matches these filters.'
            : 'Events appear here as soon as something syncs.'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table aria-live="polite">
            <caption className="visually-hidden">Sync events</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What happened</th>
                <th scope="col">Record</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => {
                const words = activityWords(item);
                return (
                  <tr key={item.id}>
                    <td title={dateTime(item.createdAt)}>{timeAgo(item.createdAt)}</td>
                    <td>
                      <Badge tone={words.tone}>{words.words}</Badge>
                    </td>
                    <td>
                      {item.entityType && item.entityId ? (
                        <>
                          <Link to={`/records/${item.entityType}/${item.entityId}`}>
                            {item.entityLabel ??
                              `${entityName(item.entityType)} ${item.entityId.slice(0, 8)}`}
                          </Link>
                          {item.entityLabel && (
                            <span className="muted small block">{entityName(item.entityType)}</span>
                          )}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="small">{activityDetail(item) ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
