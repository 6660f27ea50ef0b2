import { ValidationError, ValidationErrorCode } from '@concord/errors';
import { EXTERNAL_SYSTEM_PATTERN, isExternalSystem } from '@concord/model';
import { Injectable, type PipeTransform } from '@nestjs/common';

/** `:system` in a path must be an ExternalSystem name (it becomes part of topic names). */
@Injectable()
export class ExternalSystemPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isExternalSystem(value)) {
      const message = `must match ${EXTERNAL_SYSTEM_PATTERN}`;
      throw new ValidationError(ValidationErrorCode.INVALID_INPUT, `Invalid system: ${message}`, [
        { field: 'system', message },
      ]);
    }
    return value;
  }
}
