import { ConcordError, ConcordErrorOptions } from './concord-error';

export enum NotFoundErrorCode {
  RECORD_NOT_FOUND = 'RECORD_NOT_FOUND',
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  UPSTREAM_NOT_FOUND = 'UPSTREAM_NOT_FOUND',
}

/** The thing does not exist (or belongs to another tenant, which callers must not be able to tell apart). */
export class NotFoundError extends ConcordError {
  readonly category = 'not-found' as const;

  constructor(code: NotFoundErrorCode | string, message: string, options?: ConcordErrorOptions) {
    super(code, message, options);
  }
}
