import { FieldError, ValidationError, ValidationErrorCode } from '@concord/errors';

/**
 * The environment is invalid. Lists every bad variable at once, so an operator fixes them in one
 * round instead of one restart per variable. Never carries the value of a secret variable.
 */
export class ConfigError extends ValidationError {
  constructor(fields: FieldError[]) {
    super(
      ValidationErrorCode.INVALID_CONFIGURATION,
      `Invalid environment: ${fields.map(describeFieldError).join('; ')}`,
      fields,
    );
  }

  /** One line per bad variable, e.g. `PORT must be an integer between 1 and 65535 (got "abc")`. */
  get lines(): string[] {
    return this.fields.map(describeFieldError);
  }
}

function describeFieldError(error: FieldError): string {
  return `${error.field} ${error.message}`;
}
