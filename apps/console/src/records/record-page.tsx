import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';

import type { ActivityItem, CatalogRecord, EntityType, Page, RecordSync } from '../api/api-types';
import { ENTITY_TYPES } from '../api/api-types';
import { useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { dateTime, entityName, entityPlural, timeAgo } from '../ui/format';
import { PageHeader } from '../ui/page-header';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { RECORD_COLUMNS, recordTitle } from './record-columns';
import { RecordSyncPanels } from './record-sync-panels';

const PATH: Record<EntityType, string> = {
  customer: 'customers',
  product: 'products',
  invoice: 'invoices',
};

export function RecordPage() {
  const params = useParams();
  const { client } = useSignedIn();
  const entityType = params['entityType'] as EntityType;
  const id = params['id'] ?? '';
  const valid = ENTITY_TYPES.includes(entityType);
  const base = `/v1/${PATH[entityType] ?? 'customers'}/${id}`;
  const record = useQuery({
    queryKey: useQueryKey('record', entityType, id),
    queryFn: () => client.get<CatalogRecord>(base, { includeDeleted: true }),
    enabled: valid,
  });
  const sync = useQuery({
    queryKey: useQueryKey('record-sync', entityType, id),
    queryFn: () => client.get<RecordSync>(`${base}/sync`),
    enabled: valid,
    refetchInterval: 10_000,
  });
  // The record's own latest 50 sync events (the activity list filtered by its id on the server).
  const history = useQuery({
    queryKey: useQueryKey('record-history', entityType, id),
    queryFn: () =>
      client
        .get<Page<ActivityItem>>('/v1/sync/activity', { entityId: id, limit: 50 })
        .then((page) => page.data),
    enabled: valid,
    refetchInterval: 10_000,
  });

  if (!valid) return <EmptyState title="There is no such record type" />;
  if (record.isPending) return <Loading label="Loading the record…" />;
  if (record.isError) {
    return (
      <ErrorState
        error={record.error}
        title={`Could not load this ${entityType}`}
        onRetry={() => void record.refetch()}
      />
    );
  }
  const deleted = Boolean(record.data.deletedAt);
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/records?type=${entityType}`}>{entityPlural(entityType)}</Link> /{' '}
        {recordTitle(entityType, record.data)}
      </p>
      <PageHeader
        title={recordTitle(entityType, record.data)}
        description={`${entityName(entityType)} · version ${record.data.version}${deleted ? ' · deleted' : ''}`}
      />
      <section aria-label={`${entityName(entityType)} details`}>
        <dl className="facts record-facts">
          {RECORD_COLUMNS[entityType].map((column) => (
            <div key={column.header}>
              <dt>{column.header}</dt>
              <dd>{column.value(record.data)}</dd>
            </div>
          ))}
          <div>
            <dt>Last changed</dt>
            <dd title={dateTime(record.data.updatedAt)}>{timeAgo(record.data.updatedAt)}</dd>
          </div>
        </dl>
      </section>
      <RecordSyncPanels
        entityType={entityType}
        record={record.data}
        sync={sync}
        history={history}
      />
    </>
  );
}
