/** The category decides what every caller does with an error; the code says precisely what went wrong. */
export type ErrorCategory =
  | 'retryable'
  | 'rate-limited'
  | 'validation'
  | 'auth'
  | 'forbidden'
  | 'conflict'
  | 'precondition-failed'
  | 'not-found';

export interface ConcordErrorOptions {
  /** Machine-readable detail safe to show a caller (never secrets). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one base class of every error Concord raises on purpose. Callers decide by `category`
 * and `retryable`, never by parsing `message`.
 */
export abstract class ConcordError extends Error {
  abstract readonly category: ErrorCategory;
  readonly code: string;
  readonly details: Record<string, unknown>;

  protected constructor(code: string, message: string, options: ConcordErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }

  get retryable(): boolean {
    return this.category === 'retryable' || this.category === 'rate-limited';
  }

  toJSON(): {
    code: string;
    category: ErrorCategory;
    message: string;
    details: Record<string, unknown>;
  } {
    return {
      code: this.code,
      category: this.category,
      message: this.message,
      details: this.details,
    };
  }
}

export function isConcordError(value: unknown): value is ConcordError {
  return value instanceof ConcordError;
}
