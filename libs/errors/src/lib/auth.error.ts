import { ConcordError, ConcordErrorOptions } from './concord-error';

export enum AuthErrorCode {
  MISSING_CREDENTIALS = 'MISSING_CREDENTIALS',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  REVOKED_CREDENTIALS = 'REVOKED_CREDENTIALS',
  TOKEN_REFRESH_FAILED = 'TOKEN_REFRESH_FAILED',
  INVALID_SIGNATURE = 'INVALID_SIGNATURE',
}

/** The caller (or Concord, towards an external system) is not authenticated: pause and ask a person. */
export class AuthError extends ConcordError {
  readonly category = 'auth' as const;

  constructor(code: AuthErrorCode | string, message: string, options?: ConcordErrorOptions) {
    super(code, message, options);
  }
}
