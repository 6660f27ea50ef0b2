import { listenSimulator, RunningListener } from '@concord/simulators/core';
import { XeroClient } from 'xero-node';

import {
  createXeroSimulator,
  XeroSimulator,
  XeroSimulatorOptions,
} from '../src/lib/xero-simulator';

export interface RunningXero {
  simulator: XeroSimulator;
  listener: RunningListener;
  url: string;
  close(): Promise<void>;
}

/** The simulator on an ephemeral loopback port, in this process. */
export async function startXero(options: XeroSimulatorOptions = {}): Promise<RunningXero> {
  const simulator = createXeroSimulator(options);
  const listener = await listenSimulator(simulator.handler);
  return {
    simulator,
    listener,
    url: listener.url,
    close: async () => {
      await listener.close();
      simulator.close();
    },
  };
}

/** The official SDK pointed at the simulator: `accountingApi.basePath` and `setTokenSet`, nothing else. */
export function xeroClient(baseUrl: string, accessToken = 'concord-demo-token'): XeroClient {
  const xero = new XeroClient();
  xero.accountingApi.basePath = `${baseUrl}/api.xro/2.0`;
  xero.setTokenSet({ access_token: accessToken, token_type: 'Bearer', expires_in: 1800 });
  return xero;
}

export interface SdkOutcome {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields
  body: any;
  headers: Record<string, string>;
}

/**
 * Awaits an SDK call and returns the raw JSON Xero sent (before xero-node's deserialising), for
 * success and failure alike: xero-node rejects with the JSON string of its `ApiError`.
 */
export async function outcome(
  call: Promise<{ response: { status: number; data: unknown; headers: unknown } }>,
): Promise<SdkOutcome> {
  try {
    const { response } = await call;
    return {
      status: response.status,
      body: response.data,
      headers: plainHeaders(response.headers),
    };
  } catch (error) {
    if (typeof error !== 'string') throw error;
    const parsed = JSON.parse(error) as {
      response: { statusCode: number; body: unknown; headers: unknown };
    };
    return {
      status: parsed.response.statusCode,
      body: parsed.response.body,
      headers: plainHeaders(parsed.response.headers),
    };
  }
}

function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number')
      out[name.toLowerCase()] = String(value);
  }
  return out;
}

/** A plain HTTP call (what the SDK hard-codes elsewhere: the token endpoint, the connections list). */
export async function httpCall(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<SdkOutcome> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : null,
    headers: Object.fromEntries(response.headers.entries()),
  };
}

export function refreshTokenRequest(
  baseUrl: string,
  refreshToken: string,
  client = { id: 'concord-demo', secret: 'concord-demo-secret' },
): Promise<SdkOutcome> {
  return httpCall(`${baseUrl}/connect/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    }).toString(),
  });
}
