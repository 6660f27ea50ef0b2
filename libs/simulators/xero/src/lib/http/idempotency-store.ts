import { SimulatorResponse } from '@concord/simulators/core';

/** Keys are kept for a day, like the other providers' idempotency windows. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

interface StoredResponse {
  request: string;
  response: SimulatorResponse;
  at: number;
}

export type IdempotencyLookup =
  { kind: 'new' } | { kind: 'replay'; response: SimulatorResponse } | { kind: 'mismatch' };

/** `Idempotency-Key` per organisation: the same key replays the first response of its request. */
export class IdempotencyStore {
  private readonly entries = new Map<string, StoredResponse>();

  lookup(tenantId: string, key: string, request: string, now: number): IdempotencyLookup {
    const entry = this.entries.get(`${tenantId} ${key}`);
    if (!entry || now - entry.at > IDEMPOTENCY_TTL_MS) return { kind: 'new' };
    return entry.request === request
      ? { kind: 'replay', response: entry.response }
      : { kind: 'mismatch' };
  }

  store(
    tenantId: string,
    key: string,
    request: string,
    response: SimulatorResponse,
    now: number,
  ): void {
    this.entries.set(`${tenantId} ${key}`, { request, response, at: now });
  }

  reset(): void {
    this.entries.clear();
  }
}
