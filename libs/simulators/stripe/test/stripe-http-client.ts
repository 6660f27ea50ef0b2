/** Parameters as stripe-node would send them: nested hashes and arrays, '' to unset. */
export type StripeParams = { [key: string]: StripeParam };
export type StripeParam = string | number | boolean | null | StripeParam[] | StripeParams;

export interface RawResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields
  body: any;
}

/** Encodes like stripe-node's `queryStringifyRequestData`: `a[b]=1`, `a[0]=x`, null -> ''. */
export function encodeStripeParams(params: StripeParams): string {
  const pairs: string[] = [];
  const walk = (prefix: string, value: StripeParam): void => {
    if (value === null) pairs.push(`${prefix}=`);
    else if (Array.isArray(value)) value.forEach((item, i) => walk(`${prefix}[${i}]`, item));
    else if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value))
        walk(prefix ? `${prefix}[${key}]` : key, child);
    } else pairs.push(`${prefix}=${encodeURIComponent(String(value))}`);
  };
  walk('', params);
  return pairs.join('&').replace(/%5B/g, '[').replace(/%5D/g, ']');
}

/** A bare HTTP client for the simulator, for what the SDK hides (headers, raw bodies, errors). */
export class StripeHttpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | null,
  ) {}

  withKey(apiKey: string | null): StripeHttpClient {
    return new StripeHttpClient(this.baseUrl, apiKey);
  }

  async request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: StripeParams = {},
    headers: Record<string, string> = {},
  ): Promise<RawResponse> {
    const encoded = encodeStripeParams(params);
    const url = method === 'POST' || encoded === '' ? path : `${path}?${encoded}`;
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: {
        ...(this.apiKey === null ? {} : { authorization: `Bearer ${this.apiKey}` }),
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      ...(method === 'POST' ? { body: encoded } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : null,
    };
  }

  get(path: string, params?: StripeParams): Promise<RawResponse> {
    return this.request('GET', path, params);
  }

  post(
    path: string,
    params?: StripeParams,
    headers?: Record<string, string>,
  ): Promise<RawResponse> {
    return this.request('POST', path, params, headers);
  }

  delete(path: string): Promise<RawResponse> {
    return this.request('DELETE', path);
  }
}

export function uniqueKey(label: string): string {
  return `sk_test_${label}_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
}
