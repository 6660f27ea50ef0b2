import { StripeSimulator } from '../src/lib/stripe-simulator';
import { encodeStripeParams, StripeParams } from './stripe-http-client';

export interface InProcessResponse {
  status: number;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields
  body: any;
}

/** Calls a simulator without sockets, as one API key, for fast unit specs. */
export function inProcessClient(simulator: StripeSimulator, apiKey = 'sk_test_unit') {
  return async (
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: StripeParams = {},
    headers: Record<string, string> = {},
  ): Promise<InProcessResponse> => {
    const encoded = encodeStripeParams(params);
    const response = await simulator.dispatch({
      method,
      path,
      query: method === 'POST' ? '' : encoded,
      headers: { authorization: `Bearer ${apiKey}`, ...headers },
      body: Buffer.from(method === 'POST' ? encoded : ''),
    });
    return {
      status: response.status,
      headers: response.headers ?? {},
      body: JSON.parse(JSON.stringify(response.body ?? null)),
    };
  };
}
