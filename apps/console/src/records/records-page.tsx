import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { CatalogRecord, EntityType, Page } from '../api/api-types';
import { ENTITY_TYPES } from '../api/api-types';
import { useIntegrationsOverview, useQueryKey } from '../api/queries';
import { useSignedIn } from '../session/session-context';
import { Field } from '../ui/field';
import { entityName, entityPlural, systemName, timeAgo } from '../ui/format';
import { PageHeader } from '../ui/page-header';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { INVOICE_STATUSES, RECORD_COLUMNS, recordTitle, SEARCH_LABELS } from './record-columns';

const PATHS: Record<EntityType, string> = {
  customer: '/v1/customers',
  product: '/v1/products',
  invoice: '/v1/invoices',
};

interface Search {
  text: string;
  status: string;
  system: string;
  externalId: string;
}

const EMPTY: Search = { text: '', status: '', system: '', externalId: '' };

export function RecordsPage() {
  const { client } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const entityType = (ENTITY_TYPES as readonly string[]).includes(params.get('type') ?? '')
    ? (params.get('type') as EntityType)
    : 'customer';
  const [draft, setDraft] = useState<Search>(EMPTY);
  const [search, setSearch] = useState<Search>(EMPTY);
  const systems = useIntegrationsOverview().data?.map((item) => item.system) ?? [];
  const records = useInfiniteQuery({
    queryKey: useQueryKey('records', entityType, search),
    queryFn: ({ pageParam }) =>
      client.get<Page<CatalogRecord>>(PATHS[entityType], {
        limit: 25,
        cursor: pageParam,
        q: search.text.trim() || undefined,
        status: entityType === 'invoice' && search.status ? search.status : undefined,
        system: search.externalId.trim() ? search.system : undefined,
        externalId:
          search.externalId.trim() && search.system ? search.externalId.trim() : undefined,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = records.data?.pages.flatMap((page) => page.data) ?? [];
  const columns = RECORD_COLUMNS[entityType];

  function choose(type: EntityType) {
    setParams({ type });
    setDraft(EMPTY);
    setSearch(EMPTY);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSearch(draft);
  }

  return (
    <>
      <PageHeader
        title="Records"
        description="Customers, products and invoices in the catalog, and where each one stands in every connected system."
      />
      <div className="tabs" role="group" aria-label="Record type">
        {ENTITY_TYPES.map((type) => (
          <button
            key={type}
            type="button"
            className={`tab${type === entityType ? ' tab-active' : ''}`}
            aria-pressed={type === entityType}
            onClick={() => choose(type)}
          >
            {entityPlural(type)}
          </button>
        ))}
      </div>
      <form
        className="search-bar"
        onSubmit={submit}
        role="search"
        aria-label={`Search ${entityPlural(entityType).toLowerCase()}`}
      >
        <Field label={SEARCH_LABELS[entityType]}>
          {(props) => (
            <input
              {...props}
              type="search"
              value={draft.text}
              onChange={(event) => setDraft({ ...draft, text: event.target.value })}
            />
          )}
        </Field>
        {entityType === 'invoice' && (
          <Field label="Status">
            {(props) => (
              <select
                {...props}
                value={draft.status}
                onChange={(event) => setDraft({ ...draft, status: event.target.value })}
              >
                <option value="">Any</option>
                {INVOICE_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {status}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="External system">
          {(props) => (
            <select
              {...props}
              value={draft.system}
              onChange={(event) => setDraft({ ...draft, system: event.target.value })}
            >
              <option value="">Any</option>
              {systems.map((system) => (
                <option key={system} value={system}>
                  {systemName(system)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="External id">
          {(props) => (
            <input
              {...props}
              type="search"
              disabled={!draft.system}
              placeholder={draft.system ? 'cus_…' : 'Choose a system first'}
              value={draft.externalId}
              onChange={(event) => setDraft({ ...draft, externalId: event.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
      {records.isPending ? (
        <Loading label={`Loading ${entityPlural(entityType).toLowerCase()}…`} />
      ) : records.isError ? (
        <ErrorState
          error={records.error}
          title="Could not load the records"
          onRetry={() => void records.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title={`No ${entityPlural(entityType).toLowerCase()} found`}>
          {search === EMPTY ? 'The catalog has none yet.' : 'Nothing matches this search.'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{entityPlural(entityType)}</caption>
            <thead>
              <tr>
                <th scope="col">{entityType === 'invoice' ? 'Invoice' : 'Name'}</th>
                {columns.map((column) => (
                  <th scope="col" key={column.header}>
                    {column.header}
                  </th>
                ))}
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((record) => (
                <tr key={record.id}>
                  <td>
                    <Link to={`/records/${entityType}/${record.id}`}>
                      {recordTitle(entityType, record)}
                    </Link>
                  </td>
                  {columns.map((column) => (
                    <td key={column.header}>{column.value(record)}</td>
                  ))}
                  <td>{timeAgo(record.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {records.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={records.isFetchingNextPage}
          onClick={() => void records.fetchNextPage()}
        >
          Show more {entityName(entityType).toLowerCase()}s
        </button>
      )}
    </>
  );
}
