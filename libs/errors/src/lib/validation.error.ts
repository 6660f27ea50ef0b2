import { ConcordError, ConcordErrorOptions } from './concord-error';

export enum ValidationErrorCode {
  INVALID_INPUT = 'INVALID_INPUT',
  INVALID_MESSAGE = 'INVALID_MESSAGE',
  INVALID_CONFIGURATION = 'INVALID_CONFIGURATION',
  UNPROCESSABLE = 'UNPROCESSABLE',
  REJECTED_BY_UPSTREAM = 'REJECTED_BY_UPSTREAM',
}

export interface FieldError {
  /** Dotted path of the offending field, e.g. `address.country` or `lines.0.quantity`. */
  field: string;
  message: string;
}

/** Permanent: the input is wrong and retrying the same input cannot succeed. */
export class ValidationError extends ConcordError {
  readonly category = 'validation' as const;
  readonly fields: FieldError[];

  constructor(
    code: ValidationErrorCode | string,
    message: string,
    fields: FieldError[] = [],
    options?: ConcordErrorOptions,
  ) {
    super(code, message, { ...options, details: { ...options?.details, fields } });
    this.fields = fields;
  }
}
