import { IncomingHttpHeaders } from 'node:http';

import { Organisation } from '../organisations/organisation';
import { XeroIdFactory } from '../organisations/xero-id.factory';
import { XeroEventSink } from '../webhooks/xero-event';

/** What a resource handler knows about the request it serves. */
export interface XeroRequestContext {
  org: Organisation;
  method: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined for an empty body). */
  body: unknown;
  now: number;
  ids: XeroIdFactory;
  events: XeroEventSink;
  /** Most records a PUT or POST may carry. */
  maxBatchSize: number;
}

export interface XeroPagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

/** A handler's answer: the records of one collection (wrapped in Xero's envelope), or no content. */
export type XeroResult =
  | { collection: string; records: Record<string, unknown>[]; pagination?: XeroPagination }
  | { noContent: true };

export type XeroMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface XeroRoute {
  method: XeroMethod;
  /** Below `/api.xro/2.0`, e.g. `/Contacts/:id`. Literal segments match case-insensitively. */
  pattern: string;
  handle: (context: XeroRequestContext) => XeroResult;
}

/** Finds the route of a method and path (Xero's resource names are case-insensitive). */
export class XeroRouter {
  private readonly compiled: { route: XeroRoute; segments: string[] }[];

  constructor(routes: XeroRoute[]) {
    this.compiled = routes.map((route) => ({ route, segments: route.pattern.split('/') }));
  }

  match(
    method: string,
    path: string,
  ): { route: XeroRoute; pathParams: Record<string, string> } | 'method-not-allowed' | undefined {
    const parts = path.replace(/\/+$/, '').split('/');
    let pathMatched = false;
    for (const { route, segments } of this.compiled) {
      if (segments.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      const matches = segments.every((segment, i) => {
        if (segment.startsWith(':')) {
          if (parts[i] === '') return false;
          pathParams[segment.slice(1)] = decodeURIComponent(parts[i]);
          return true;
        }
        return segment.toLowerCase() === parts[i].toLowerCase();
      });
      if (!matches) continue;
      pathMatched = true;
      if (route.method === method) return { route, pathParams };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}
