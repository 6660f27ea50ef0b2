import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';

import { canonicalJson } from '@concord/model';

/**
 * What a write with an `Idempotency-Key` stores beside its change: the key, a hash of the request
 * and, once written, the response. The write's own statement inserts the row (plain INSERT, no
 * ON CONFLICT), so a second request with the key fails on the row's primary key and nothing of it
 * is kept; the interceptor then answers from the stored row.
 */
export interface IdempotencyClaim {
  tenantId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  /** The status a success answers with (201 for a create, else 200). */
  status: number;
}

export function idempotencyRequestHash(method: string, path: string, body: unknown): string {
  let canonical: string;
  try {
    canonical = canonicalJson(body ?? null);
  } catch (error) {
    // The interceptor runs before validation: a body nested too deep to serialize is refused by
    // the validation that follows (400); its hash only has to match no stored request.
    if (!(error instanceof RangeError)) throw error;
    canonical = `unhashable:${randomUUID()}`;
  }
  return createHash('sha256').update(`${method} ${path}\n${canonical}`).digest('hex');
}

const claims = new AsyncLocalStorage<IdempotencyClaim>();

/** Runs `fn` (and all it awaits) as the write of `claim`. */
export function writingWithClaim<T>(claim: IdempotencyClaim, fn: () => T): T {
  return claims.run(claim, fn);
}

/** The claim of the request the caller serves, if it sent an `Idempotency-Key`. */
export function currentIdempotencyClaim(): IdempotencyClaim | undefined {
  return claims.getStore();
}
