import { DataRequest, DataResult, DataRoute } from '../http/data-route';
import { SalesforceApiError } from '../http/salesforce-api.error';
import {
  DAY_MS,
  formatSalesforceDateTime,
  parseSalesforceDateTime,
} from '../ids/salesforce-datetime';
import { sobjectOf } from './resource-helpers';

export const UPDATED_WINDOW_DAYS = 30;
export const DELETED_WINDOW_DAYS = 15;
const MINUTE_MS = 60_000;

interface Window {
  start: number;
  covered: number;
}

/** The replication resources: ids updated, and records deleted, within a time window. */
export class ReplicationController {
  routes(): DataRoute[] {
    return [
      { method: 'GET', pattern: '/sobjects/:type/updated', handle: (r) => this.updated(r) },
      { method: 'GET', pattern: '/sobjects/:type/deleted', handle: (r) => this.deleted(r) },
    ];
  }

  private updated(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const window = replicationWindow(request, UPDATED_WINDOW_DAYS);
    const ids: string[] = [];
    for (const record of request.org.store.ofType(schema.name)) {
      if (record.deletedAt !== null) continue;
      if (record.modstamp >= window.start && record.modstamp < window.covered) ids.push(record.id);
    }
    return {
      status: 200,
      body: { ids, latestDateCovered: formatSalesforceDateTime(window.covered) },
    };
  }

  private deleted(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const window = replicationWindow(request, DELETED_WINDOW_DAYS);
    const deletedRecords: { id: string; deletedDate: string }[] = [];
    for (const record of request.org.store.ofType(schema.name)) {
      const at = record.deletedAt;
      if (at !== null && at >= window.start && at < window.covered) {
        deletedRecords.push({ id: record.id, deletedDate: formatSalesforceDateTime(at) });
      }
    }
    const earliest = floorMinute(request.now - DELETED_WINDOW_DAYS * DAY_MS);
    return {
      status: 200,
      body: {
        deletedRecords,
        earliestDateAvailable: formatSalesforceDateTime(earliest),
        latestDateCovered: formatSalesforceDateTime(window.covered),
      },
    };
  }
}

/**
 * `start` and `end` with their seconds ignored, `start` before `end` and not older than the
 * window allows; what is covered ends at `end` or at the current minute, whichever is earlier.
 */
function replicationWindow(request: DataRequest, maxDays: number): Window {
  const start = dateParam(request, 'start');
  const end = dateParam(request, 'end');
  if (start >= end) {
    throw SalesforceApiError.badRequest(
      'INVALID_REPLICATION_DATE',
      'start must chronologically precede end (seconds are ignored)',
    );
  }
  if (start < floorMinute(request.now - maxDays * DAY_MS)) {
    throw SalesforceApiError.badRequest(
      'INVALID_REPLICATION_DATE',
      `start cannot be more than ${maxDays} days ago`,
    );
  }
  return { start, covered: Math.min(end, floorMinute(request.now)) };
}

function dateParam(request: DataRequest, name: 'start' | 'end'): number {
  const raw = request.query.get(name);
  if (raw === null || raw === '') {
    throw SalesforceApiError.badRequest('MISSING_ARGUMENT', `${name} parameter is required`);
  }
  const ms = parseSalesforceDateTime(raw);
  if (ms === undefined) {
    throw SalesforceApiError.badRequest(
      'INVALID_REPLICATION_DATE',
      `${name} is not an ISO-8601 date-time (YYYY-MM-DDThh:mm:ss+hh:mm): ${raw}`,
    );
  }
  return floorMinute(ms);
}

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}
