import { ConcordError, ConcordErrorOptions } from './concord-error';

export enum ForbiddenErrorCode {
  MISSING_SCOPE = 'MISSING_SCOPE',
  URL_NOT_ALLOWED = 'URL_NOT_ALLOWED',
}

/** Authenticated, but not allowed to do this (a missing API-key scope, a URL outside the allow-list). */
export class ForbiddenError extends ConcordError {
  readonly category = 'forbidden' as const;

  constructor(code: ForbiddenErrorCode | string, message: string, options?: ConcordErrorOptions) {
    super(code, message, options);
  }
}
