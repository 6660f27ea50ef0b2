/** An answer of the catalog API with its parsed JSON body. */
export interface CatalogAnswer<T> {
  status: number;
  body: T;
}

/** The catalog REST API as a bench uses it (Bearer API key, JSON). */
export class CatalogClient {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
  ) {}

  get<T>(path: string): Promise<CatalogAnswer<T>> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<CatalogAnswer<T>> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<CatalogAnswer<T>> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<CatalogAnswer<T>> {
    return this.request<T>('PATCH', path, body);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<CatalogAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Throws unless the answer is 2xx: seeding and setup must not fail silently. */
  static expectOk<T>(answer: CatalogAnswer<T>, what: string): T {
    if (answer.status < 200 || answer.status >= 300)
      throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}
