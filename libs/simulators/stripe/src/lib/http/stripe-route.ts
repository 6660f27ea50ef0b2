import { StripeAccount } from '../accounts/stripe-account';
import { JsonObject } from './json-value';
import { RequestParams } from './request-params';

/** What a route handler knows about the request it serves. */
export interface StripeRequestContext {
  account: StripeAccount;
  params: RequestParams;
  pathParams: Record<string, string>;
  method: string;
  path: string;
  requestId: string;
  idempotencyKey: string | null;
  /** Requested expansions (`expand[]=customer`), validated by the renderer. */
  expand: string[];
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface StripeRoute {
  method: HttpMethod;
  /** `/v1/customers/:customer`; literal segments win over parameters. */
  pattern: string;
  handle: (context: StripeRequestContext) => JsonObject;
}

export interface RouteMatch {
  route: StripeRoute;
  pathParams: Record<string, string>;
}

/** Finds the route of a method and path. */
export class StripeRouter {
  private readonly compiled: { route: StripeRoute; segments: string[] }[];

  constructor(routes: StripeRoute[]) {
    // Literal segments first, so `/v1/customers/search` is not read as a customer id.
    this.compiled = routes
      .map((route) => ({ route, segments: route.pattern.split('/') }))
      .sort((a, b) => paramCount(a.segments) - paramCount(b.segments));
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.replace(/\/+$/, '').split('/');
    for (const { route, segments } of this.compiled) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      const matches = segments.every((segment, i) => {
        if (segment.startsWith(':')) {
          if (parts[i] === '') return false;
          pathParams[segment.slice(1)] = decodeURIComponent(parts[i]);
          return true;
        }
        return segment === parts[i];
      });
      if (matches) return { route, pathParams };
    }
    return undefined;
  }
}

function paramCount(segments: string[]): number {
  return segments.filter((segment) => segment.startsWith(':')).length;
}
