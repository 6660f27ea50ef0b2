import { ConcordError, ConcordErrorOptions } from './concord-error';

export enum RetryableErrorCode {
  NETWORK = 'NETWORK',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  TIMEOUT = 'TIMEOUT',
  DEPENDENCY_NOT_READY = 'DEPENDENCY_NOT_READY',
  UNEXPECTED = 'UNEXPECTED',
}

/** A failure that may succeed if the same operation is tried again later (network, 5xx, not-yet-linked dependency). */
export class RetryableError extends ConcordError {
  readonly category = 'retryable' as const;

  constructor(code: RetryableErrorCode | string, message: string, options?: ConcordErrorOptions) {
    super(code, message, options);
  }
}
