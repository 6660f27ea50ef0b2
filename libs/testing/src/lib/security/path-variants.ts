import { request } from 'node:http';

/** One way of writing a route's path that must not reach the route (or anything else). */
export interface PathVariant {
  kind: 'case' | 'percent-encoding' | 'doubled-slash' | 'dot-segment' | 'trailing-slash';
  path: string;
}

/**
 * Spellings of `path` (e.g. `/v1/customers/123`) that a lenient router or a guard matching paths
 * by hand may treat as the route: upper case, a percent-encoded letter, a doubled slash, a dot
 * segment and a trailing slash. Each must be answered 404 by a strict, case-sensitive router.
 */
export function pathVariants(path: string): PathVariant[] {
  const [first, ...rest] = path.split('/').filter(Boolean);
  const tail = rest.length > 0 ? `/${rest.join('/')}` : '';
  const encodedFirst = `%${first.charCodeAt(0).toString(16).toUpperCase()}${first.slice(1)}`;
  return [
    { kind: 'case', path: `/${first.toUpperCase()}${tail}` },
    { kind: 'case', path: path.toUpperCase() },
    { kind: 'percent-encoding', path: `/${encodedFirst}${tail}` },
    { kind: 'doubled-slash', path: `/${path}` },
    { kind: 'doubled-slash', path: `/${first}/${tail}` },
    { kind: 'dot-segment', path: `/${first}/.${tail}` },
    { kind: 'dot-segment', path: `/x/..${path}` },
    { kind: 'trailing-slash', path: `${path}/` },
  ];
}

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * Sends `path` exactly as written: `fetch` and `new URL` normalise dot segments and
 * percent-encoded dots, which would hide what the server does with them.
 */
export function rawHttpRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method,
        path,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
