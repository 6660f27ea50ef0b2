import { IncomingHttpHeaders } from 'node:http';

import { Session } from '../oauth/session-store';
import { SalesforceOrg } from '../org/salesforce-org';
import { DmlTransaction } from '../records/dml-transaction';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What a REST resource handler knows about the call it serves. */
export interface DataRequest {
  org: SalesforceOrg;
  session: Session;
  /** The API version of the path, e.g. `62.0`. */
  version: string;
  method: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  now: number;
  /** The parsed JSON body; a body that is not JSON is a JSON_PARSER_ERROR. */
  json(): unknown;
  /** Runs writes as one transaction: rolled back if it throws, published as change events if not. */
  commit<T>(work: (tx: DmlTransaction) => T): T;
}

export interface DataResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface DataRoute {
  method: HttpMethod;
  /** Below `/services/data/vNN.N`, e.g. `/sobjects/:type/:id`; literal segments win. */
  pattern: string;
  handle: (request: DataRequest) => DataResult;
}

export interface DataRouteMatch {
  route: DataRoute;
  pathParams: Record<string, string>;
}

/** Finds the route of a path, and which methods the path allows (for 405 answers). */
export class DataRouter {
  private readonly compiled: { route: DataRoute; segments: string[] }[];

  constructor(routes: DataRoute[]) {
    this.compiled = routes
      .map((route) => ({ route, segments: route.pattern.split('/') }))
      .sort((a, b) => paramCount(a.segments) - paramCount(b.segments));
  }

  match(method: string, path: string): DataRouteMatch | { allowed: string[] } | undefined {
    const parts = path.replace(/\/+$/, '').split('/');
    const allowed: string[] = [];
    let matchedPattern: string | undefined;
    for (const { route, segments } of this.compiled) {
      if (segments.length !== parts.length) continue;
      const pathParams = matchSegments(segments, parts);
      if (!pathParams) continue;
      if (matchedPattern !== undefined && matchedPattern !== route.pattern) {
        if (paramCount(segments) > paramCount(matchedPattern.split('/'))) continue;
      }
      matchedPattern = route.pattern;
      if (route.method === method) return { route, pathParams };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i += 1) {
    if (segments[i].startsWith(':')) {
      if (parts[i] === '') return undefined;
      params[segments[i].slice(1)] = decodeURIComponent(parts[i]);
    } else if (segments[i] !== parts[i]) return undefined;
  }
  return params;
}

function paramCount(segments: string[]): number {
  return segments.filter((segment) => segment.startsWith(':')).length;
}
