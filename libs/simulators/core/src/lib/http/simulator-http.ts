import { IncomingHttpHeaders } from 'node:http';

/** A request as the simulators see it: body already read, path and query split. */
export interface SimulatorRequest {
  method: string;
  path: string;
  /** The raw query string without `?` (simulators decode it their own way). */
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SimulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is already a string. */
  body?: unknown;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): SimulatorResponse {
  return { status, body, headers };
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
