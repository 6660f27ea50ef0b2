import { ConcordError, ConcordErrorOptions } from './concord-error';

export enum PreconditionFailedErrorCode {
  VERSION_MISMATCH = 'VERSION_MISMATCH',
}

/** Optimistic concurrency: the caller's `If-Match` version is not the current one. */
export class PreconditionFailedError extends ConcordError {
  readonly category = 'precondition-failed' as const;

  constructor(
    code: PreconditionFailedErrorCode | string,
    message: string,
    options?: ConcordErrorOptions,
  ) {
    super(code, message, options);
  }
}
