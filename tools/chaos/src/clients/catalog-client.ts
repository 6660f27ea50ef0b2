import { type RetryCounter, retryTransient, TransientFailure } from './retry';

export interface CatalogAnswer<T> {
  status: number;
  body: T;
  etag: string | null;
}

/** A catalog REST client (Bearer key, JSON) that retries what a process restart can cause. */
export class CatalogClient {
  private next = 0;

  constructor(
    /** One replica's URL, or several taken in turn (a retry goes to the next one). */
    private readonly baseUrls: string | readonly string[],
    private readonly key: string,
    private readonly counter: RetryCounter,
  ) {}

  private get baseUrl(): string {
    if (typeof this.baseUrls === 'string') return this.baseUrls;
    this.next = (this.next + 1) % this.baseUrls.length;
    return this.baseUrls[this.next];
  }

  /** One request; 5xx, 429 and connection failures are retried, anything else is returned. */
  request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<CatalogAnswer<T>> {
    return retryTransient(async () => {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      if (response.status >= 500 || response.status === 429) {
        throw new TransientFailure(`catalog ${method} ${path}: ${response.status}`);
      }
      return {
        status: response.status,
        body: (text ? JSON.parse(text) : null) as T,
        etag: response.headers.get('etag'),
      };
    }, this.counter);
  }

  async expect<T>(
    expected: number[],
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<CatalogAnswer<T>> {
    const answer = await this.request<T>(method, path, body, headers);
    if (!expected.includes(answer.status)) {
      throw new Error(
        `catalog ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
      );
    }
    return answer;
  }

  /** Every page of a list endpoint. */
  async listAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page: CatalogAnswer<{ data: T[]; nextCursor: string | null }> = await this.expect(
        [200],
        'GET',
        `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }
}
