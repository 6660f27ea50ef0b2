import { ConcordError, ConcordErrorOptions } from './concord-error';

export enum ConflictErrorCode {
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  CONCURRENT_MODIFICATION = 'CONCURRENT_MODIFICATION',
  SYNC_CONFLICT = 'SYNC_CONFLICT',
}

/** The operation clashes with the current state (a duplicate, a reused idempotency key, a sync conflict). */
export class ConflictError extends ConcordError {
  readonly category = 'conflict' as const;

  constructor(code: ConflictErrorCode | string, message: string, options?: ConcordErrorOptions) {
    super(code, message, options);
  }
}
