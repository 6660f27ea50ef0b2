import type { ApiClient, Query } from '../api/api-client';
import type { ActivityItem } from '../api/api-types';
import { SseParser } from './sse-parser';

export interface StreamHandlers {
  /** The server is sending live events. */
  onReady(): void;
  onActivity(item: ActivityItem, eventId: string | null): void;
}

/**
 * Reads `GET /v1/sync/activity/stream` until it ends: resolves when the server closes it, rejects
 * on an error answer or a broken connection. Resumes after `lastEventId` when given.
 */
export async function readActivityStream(
  client: ApiClient,
  filters: Query,
  lastEventId: string | null,
  signal: AbortSignal,
  handlers: StreamHandlers,
): Promise<void> {
  const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
  const stream = await client.stream('/v1/sync/activity/stream', filters, { headers, signal });
  const reader = stream.getReader();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort);
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || signal.aborted) return;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) {
        if (event.event === 'ready') handlers.onReady();
        if (event.event === 'activity') {
          handlers.onActivity(JSON.parse(event.data) as ActivityItem, event.id);
        }
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
