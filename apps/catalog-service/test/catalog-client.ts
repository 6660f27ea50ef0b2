import type { FieldError } from '@concord/errors';

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ErrorBody {
  error: {
    code: string;
    category: string;
    message: string;
    details?: { fields?: FieldError[] } & Record<string, unknown>;
  };
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the client's key; `null` sends no Authorization header. */
  key?: string | null;
}

/** A small HTTP client for the catalog API, authenticated with one API key. */
export class CatalogClient {
  constructor(
    readonly baseUrl: string,
    readonly key: string | null,
  ) {}

  withKey(key: string | null): CatalogClient {
    return new CatalogClient(this.baseUrl, key);
  }

  async request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const key = options.key === undefined ? this.key : options.key;
    const headers: Record<string, string> = { ...options.headers };
    if (key !== null) headers['authorization'] = `Bearer ${key}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? null : JSON.parse(text)) as T,
    };
  }

  get<T>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { ...options, body });
  }

  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  delete<T>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, options);
  }
}

/** The field paths a 400 names, sorted. */
export function fieldsOf(response: ApiResponse<unknown>): string[] {
  const fields = (response.body as ErrorBody).error.details?.fields ?? [];
  return fields.map((field) => field.field).sort();
}

export function errorCodeOf(response: ApiResponse<unknown>): string {
  return (response.body as ErrorBody).error.code;
}
