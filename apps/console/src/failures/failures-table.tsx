import { Fragment, useState } from 'react';
import { Link } from 'react-router';

import type { DeadLetter, EntityType } from '../api/api-types';
import { dateTime, entityName, systemName, timeAgo } from '../ui/format';
import {
  failedRecordId,
  failedRecordLabel,
  failedRecordType,
  failedSystem,
  failureInWords,
  prettyPayload,
} from './failure-words';

export function FailuresTable({
  rows,
  selectable,
  selected,
  onSelect,
  busy,
  onAction,
}: {
  rows: DeadLetter[];
  selectable: boolean;
  selected: Set<string>;
  onSelect(selected: Set<string>): void;
  busy: boolean;
  onAction(action: 'replay' | 'discard', id: string): void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(row.id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onSelect(next);
  };
  return (
    <div className="table-wrap">
      <table className="failures-table">
        <caption className="visually-hidden">Failed changes</caption>
        <thead>
          <tr>
            {selectable && (
              <th scope="col" className="col-check">
                <input
                  type="checkbox"
                  aria-label="Select all failures"
                  checked={allSelected}
                  onChange={(event) =>
                    onSelect(event.target.checked ? new Set(rows.map((row) => row.id)) : new Set())
                  }
                />
              </th>
            )}
            <th scope="col">When</th>
            <th scope="col">System</th>
            <th scope="col">Record</th>
            <th scope="col">What went wrong</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const type = failedRecordType(row);
            const id = failedRecordId(row);
            const label = failedRecordLabel(row);
            const words = failureInWords(row);
            const expanded = open === row.id;
            return (
              <Fragment key={row.id}>
                <tr>
                  {selectable && (
                    <td className="col-check">
                      <input
                        type="checkbox"
                        aria-label={`Select: ${words}`}
                        checked={selected.has(row.id)}
                        onChange={(event) => toggle(row.id, event.target.checked)}
                      />
                    </td>
                  )}
                  <td className="nowrap" title={dateTime(row.error.failedAt ?? row.createdAt)}>
                    {timeAgo(row.error.failedAt ?? row.createdAt)}
                  </td>
                  <td>{systemName(failedSystem(row))}</td>
                  <td>
                    {type && id ? (
                      <>
                        <Link to={`/records/${type}/${id}`}>
                          {label ?? entityName(type as EntityType)}
                        </Link>
                        {label && (
                          <span className="muted small block">
                            {entityName(type as EntityType)}
                          </span>
                        )}
                      </>
                    ) : type ? (
                      entityName(type as EntityType)
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="failure-words">{words}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button button-quiet"
                      aria-expanded={expanded}
                      aria-controls={`payload-${row.id}`}
                      onClick={() => setOpen(expanded ? null : row.id)}
                    >
                      {expanded ? 'Hide details' : 'Details'}
                    </button>
                    {selectable && (
                      <>
                        <button
                          type="button"
                          className="button"
                          disabled={busy}
                          onClick={() => onAction('replay', row.id)}
                        >
                          Replay
                        </button>
                        <button
                          type="button"
                          className="button button-quiet"
                          disabled={busy}
                          onClick={() => onAction('discard', row.id)}
                        >
                          Discard
                        </button>
                      </>
                    )}
                  </td>
                </tr>
                {expanded && (
                  <tr className="details-row" id={`payload-${row.id}`}>
                    <td colSpan={selectable ? 6 : 5}>
                      <dl className="facts facts-inline">
                        <div>
                          <dt>Error code</dt>
                          <dd>
                            <code>{row.error.code}</code> ({row.error.category})
                          </dd>
                        </div>
                        <div>
                          <dt>Source</dt>
                          <dd>
                            <code>
                              {row.topic} #{row.partition}@{row.offset}
                            </code>
                          </dd>
                        </div>
                      </dl>
                      <pre className="payload" tabIndex={0} aria-label="Payload">
                        {prettyPayload(row.payload)}
                      </pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
