import { ConcordError, ErrorCategory } from './concord-error';
import { RateLimitedError } from './rate-limited.error';
import { RetryableErrorCode } from './retryable.error';

const STATUS_BY_CATEGORY: Record<ErrorCategory, number> = {
  retryable: 503,
  'rate-limited': 429,
  validation: 400,
  auth: 401,
  forbidden: 403,
  conflict: 409,
  'precondition-failed': 412,
  'not-found': 404,
};

export interface HttpErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: {
    error: {
      code: string;
      category: ErrorCategory | 'internal';
      message: string;
      details?: Record<string, unknown>;
    };
  };
}

/**
 * Maps any thrown value to the HTTP response a client sees. Unknown errors become a bare 500
 * with no message or stack, so nothing internal leaks.
 */
export function toHttpResponse(error: unknown): HttpErrorResponse {
  if (!(error instanceof ConcordError)) {
    return {
      status: 500,
      headers: {},
      body: {
        error: {
          code: RetryableErrorCode.UNEXPECTED,
          category: 'internal',
          message: 'Internal error',
        },
      },
    };
  }
  const status = error.code === 'UNPROCESSABLE' ? 422 : STATUS_BY_CATEGORY[error.category];
  const headers: Record<string, string> = {};
  if (error instanceof RateLimitedError)
    headers['retry-after'] = String(Math.ceil(error.retryAfterMs / 1000));
  const details = Object.keys(error.details).length > 0 ? error.details : undefined;
  return {
    status,
    headers,
    body: {
      error: {
        code: error.code,
        category: error.category,
        message: error.message,
        ...(details ? { details } : {}),
      },
    },
  };
}
