import { FieldError, ValidationError, ValidationErrorCode } from '@concord/errors';
import { ArgumentMetadata, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError as ClassValidatorError } from 'class-validator';

import {
  controlCharacterFields,
  nestingDepthField,
  oversizedArrayFields,
} from './request-value-checks';

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

function invalidInput(fields: FieldError[]): ValidationError {
  return new ValidationError(
    ValidationErrorCode.INVALID_INPUT,
    `Invalid input: ${fields.map((f) => f.field).join(', ')}`,
    fields,
  );
}

export function validationErrorFrom(errors: readonly ClassValidatorError[]): ValidationError {
  return invalidInput(fieldErrorsFrom(errors));
}

/**
 * class-validator behind checks of the raw value that hold for every body, query and path
 * parameter, whatever its DTO says: nested at most MAX_REQUEST_DEPTH levels, no array longer than
 * MAX_REQUEST_ARRAY_LENGTH, and no control characters in any string (tab, line feed and carriage
 * return excepted). The checks walk the
 * value iteratively, before class-transformer recurses into it.
 */
export class ConcordValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const root = metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type);
      const tooDeep = nestingDepthField(value, root);
      if (tooDeep !== null) throw invalidInput([tooDeep]);
      const oversized = oversizedArrayFields(value, root);
      if (oversized.length > 0) throw invalidInput(oversized);
      const fields = controlCharacterFields(value, root);
      if (fields.length > 0) throw invalidInput(fields);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Validates DTOs with class-validator: unknown fields are rejected (and named), payloads are
 * transformed into their DTO classes, and failures become a ValidationError naming every field.
 */
export function concordValidationPipe(overrides: ValidationPipeOptions = {}): ValidationPipe {
  return new ConcordValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationErrorFrom(errors),
    ...overrides,
  });
}
