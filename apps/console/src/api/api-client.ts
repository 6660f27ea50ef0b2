import { ApiError } from './api-error';

/** What a streamed body offers (a fetch Response's ReadableStream). */
export interface ByteStream {
  getReader(): {
    read(): Promise<{ done: boolean; value?: Uint8Array }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/** The answer of one HTTP request: status and body text (or, when streamed, the body). */
export interface HttpAnswer {
  status: number;
  text: string;
  stream?: ByteStream | null;
}

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Leave a 2xx body unread and answer it as `stream` (server-sent events). */
  streamed?: boolean;
  signal?: AbortSignal;
}

/** How requests reach catalog-service; the browser uses fetch, component tests a fake. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpAnswer>;

/** Same-origin fetch: the console is served next to the API (Vite proxy or console-server). */
export const fetchTransport: HttpTransport = async (request) => {
  const { method, path, headers, body, signal } = request;
  const response = await fetch(path, { method, headers, body, signal, credentials: 'omit' });
  if (request.streamed && response.ok) {
    return { status: response.status, text: '', stream: response.body };
  }
  return { status: response.status, text: await response.text() };
};

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * catalog-service's REST API with one tenant API key, sent as a Bearer token (never in a URL).
 * Non-2xx answers throw an ApiError carrying the fields the API named.
 */
export class ApiClient {
  constructor(
    private readonly apiKey: string,
    private readonly transport: HttpTransport = fetchTransport,
  ) {}

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${this.apiKey}`,
      ...options.headers,
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const answer = await this.transport({
      method,
      path,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const body: unknown = answer.text === '' ? null : parseJson(answer.text);
    if (answer.status < 200 || answer.status >= 300) throw new ApiError(answer.status, body);
    return body as T;
  }

  /**
   * A streamed GET (server-sent events) with the Bearer key in its header, never in the URL:
   * `EventSource` cannot send headers, so the console reads the body of a fetch.
   */
  async stream(
    path: string,
    query: Query,
    options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<ByteStream> {
    const answer = await this.transport({
      method: 'GET',
      path: withQuery(path, query),
      headers: {
        accept: 'text/event-stream',
        authorization: `Bearer ${this.apiKey}`,
        ...options.headers,
      },
      streamed: true,
      signal: options.signal,
    });
    if (answer.status < 200 || answer.status >= 300 || !answer.stream) {
      throw new ApiError(answer.status, answer.text === '' ? null : parseJson(answer.text));
    }
    return answer.stream;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  patch<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('PATCH', path, { body, headers });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: text.slice(0, 200) } };
  }
}
