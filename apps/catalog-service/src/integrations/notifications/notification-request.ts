import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { NotificationTarget } from './notification-url';

/**
 * POSTs `body` to the target through its pinned agent (never the global one, which would resolve
 * the host again unchecked) and resolves to the HTTP status. Redirects are not followed; the
 * answer's body is discarded.
 */
export function postNotification(
  target: NotificationTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target.url,
      {
        method: 'POST',
        agent: target.agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
