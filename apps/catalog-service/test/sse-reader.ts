/** One server-sent event as a client sees it. */
export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads a text/event-stream response with fetch (the Authorization header is sent, which
 * EventSource cannot do), collecting its events until closed.
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  /** Comment lines received (heartbeats). */
  comments = 0;
  private readonly controller = new AbortController();
  private done?: Promise<void>;
  status = 0;
  contentType = '';

  static async open(
    url: string,
    key: string,
    headers: Record<string, string> = {},
  ): Promise<SseReader> {
    const reader = new SseReader();
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...headers },
      signal: reader.controller.signal,
    });
    reader.status = response.status;
    reader.contentType = response.headers.get('content-type') ?? '';
    reader.done = reader.read(response).catch(() => undefined);
    return reader;
  }

  /** The `activity` events' data, parsed. */
  activities<T = { id: string; kind: string; system: string }>(): T[] {
    return this.events.filter((e) => e.event === 'activity').map((e) => JSON.parse(e.data) as T);
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }

  private async read(response: Response): Promise<void> {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        this.frame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  }

  private frame(text: string): void {
    const event: SseEvent = { event: 'message', data: '' };
    const data: string[] = [];
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) {
        this.comments += 1;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event.event = value;
      else if (field === 'id') event.id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0 && event.event === 'message') return;
    event.data = data.join('\n');
    this.events.push(event);
  }
}
