import { JsonValue } from '../http/json-value';

export interface StoredResult {
  status: number;
  body: JsonValue;
  requestId: string;
}

export type IdempotencyClaim =
  | { kind: 'new' }
  | { kind: 'replay'; result: StoredResult }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

interface Entry {
  fingerprint: string;
  createdAt: number;
  result?: StoredResult;
}

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * One account's idempotency keys: the first result of a key is replayed for 24 hours (of the
 * simulation clock); a reuse with other parameters, or while the first is still running, is refused.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs = IDEMPOTENCY_TTL_MS) {}

  claim(key: string, fingerprint: string, now: number): IdempotencyClaim {
    this.prune(now);
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint, createdAt: now });
      return { kind: 'new' };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (!entry.result) return { kind: 'in_flight' };
    return { kind: 'replay', result: entry.result };
  }

  complete(key: string, result: StoredResult): void {
    const entry = this.entries.get(key);
    if (entry) entry.result = result;
  }

  /** Forgets a claimed key whose request ended before execution (validation failure). */
  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry && !entry.result) this.entries.delete(key);
  }

  /** Keys are kept in claim order, so expired ones sit at the front (a clock moved back only delays this). */
  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.createdAt < this.ttlMs) break;
      this.entries.delete(key);
    }
  }
}

/** Same method, path and parameters give the same fingerprint, whatever the key order. */
export function requestFingerprint(method: string, path: string, params: JsonValue): string {
  return `${method} ${path} ${canonicalJson(params)}`;
}

function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
