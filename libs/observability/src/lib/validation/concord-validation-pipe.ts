import { FieldError, ValidationError, ValidationErrorCode } from '@concord/errors';
import { ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError as ClassValidatorError } from 'class-validator';

/** Every offending field, as a dotted path (`address.country`, `lines.0.quantity`), with its messages. */
export function fieldErrorsFrom(
  errors: readonly ClassValidatorError[],
  parentPath = '',
): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, message: Object.values(error.constraints).join('; ') }]
      : [];
    return [...own, ...fieldErrorsFrom(error.children ?? [], field)];
  });
}

export function validationErrorFrom(errors: readonly ClassValidatorError[]): ValidationError {
  const fields = fieldErrorsFrom(errors);
  return new ValidationError(
    ValidationErrorCode.INVALID_INPUT,
    `Invalid input: ${fields.map((f) => f.field).join(', ')}`,
    fields,
  );
}

/**
 * Validates DTOs with class-validator: unknown fields are rejected (and named), payloads are
 * transformed into their DTO classes, and failures become a ValidationError naming every field.
 */
export function concordValidationPipe(overrides: ValidationPipeOptions = {}): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationErrorFrom(errors),
    ...overrides,
  });
}
