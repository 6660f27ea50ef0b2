import type { ByteStream, HttpAnswer, HttpRequest, HttpTransport } from '../api/api-client';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
  headers: Record<string, string>;
}

type Handler = (
  request: FakeRequest,
  match: RegExpExecArray,
) => { status: number; body?: unknown; stream?: ByteStream };

/**
 * catalog-service as the component tests see it: routes answered from the test's own data, in
 * the API's JSON and error shapes, and every request kept so a test can check what was sent.
 */
export class FakeCatalog {
  readonly requests: FakeRequest[] = [];
  private readonly routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];

  on(method: string, path: string | RegExp, handler: Handler): this {
    const pattern = typeof path === 'string' ? new RegExp(`^${path}$`) : path;
    // Later registrations win, so a test can override a default.
    this.routes.unshift({ method, pattern, handler });
    return this;
  }

  /** The requests made with this method to a path matching `path`. */
  sent(method: string, path: string | RegExp): FakeRequest[] {
    const pattern = typeof path === 'string' ? new RegExp(`^${path}$`) : path;
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }

  readonly transport: HttpTransport = async (request: HttpRequest): Promise<HttpAnswer> => {
    const url = new URL(request.path, 'http://console.test');
    const fake: FakeRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      body: request.body === undefined ? undefined : JSON.parse(request.body),
      authorization: request.headers['authorization'],
      headers: request.headers,
    };
    this.requests.push(fake);
    for (const route of this.routes) {
      const match = route.method === request.method ? route.pattern.exec(url.pathname) : null;
      if (match) {
        const { status, body, stream } = route.handler(fake, match);
        return { status, text: body === undefined ? '' : JSON.stringify(body), stream };
      }
    }
    return {
      status: 404,
      text: JSON.stringify({
        error: { code: 'RECORD_NOT_FOUND', category: 'not-found', message: 'Not found' },
      }),
    };
  };
}

export function apiError(
  status: number,
  message: string,
  fields?: Array<{ field: string; message: string }>,
) {
  return {
    status,
    body: {
      error: {
        code: status === 400 ? 'VALIDATION_FAILED' : 'ERROR',
        category: status === 400 ? 'validation' : 'internal',
        message,
        ...(fields ? { details: { fields } } : {}),
      },
    },
  };
}
