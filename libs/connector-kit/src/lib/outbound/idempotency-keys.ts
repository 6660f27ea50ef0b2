/** The idempotency key of everything one catalog event writes: `concord-<eventId>`. */
export function idempotencyKeyFor(eventId: string): string {
  return `concord-${eventId}`;
}

/** The key of one sub-request (`concord-<eventId>-<step>`), so each call of an event has its own. */
export function subRequestKey(base: string, step: string): string {
  return step === '' ? base : `${base}-${step}`;
}

/** Whether a provider-reported idempotency key is one Concord used (the write is Concord's own). */
export function isConcordIdempotencyKey(key: string | null | undefined): boolean {
  return typeof key === 'string' && key.startsWith('concord-');
}
