import {
  isEmail,
  isIsoDate,
  isIsoDateTime,
  isKnownCurrency,
  METADATA_LIMITS,
  metadataKeyProblem,
} from '@concord/model';
import { ValidateBy, type ValidationOptions } from 'class-validator';

// The same rules as the canonical model (libs/model), so a request that passes here also makes a
// valid catalog event.

export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCurrencyCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isKnownCurrency(value),
        defaultMessage: (args) => `${args?.property} must be an ISO 4217 currency code, e.g. EUR`,
      },
    },
    options,
  );
}

export function IsCatalogEmail(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCatalogEmail',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.length <= 254 && isEmail(value),
        defaultMessage: (args) => `${args?.property} must be an email address`,
      },
    },
    options,
  );
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoDate(value),
        defaultMessage: (args) => `${args?.property} must be a date YYYY-MM-DD`,
      },
    },
    options,
  );
}

export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimestamp',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoDateTime(value),
        defaultMessage: (args) =>
          `${args?.property} must be an ISO 8601 date-time with offset, e.g. 2025-01-31T12:00:00Z`,
      },
    },
    options,
  );
}

function metadataProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object of string values';
  }
  const entries = Object.entries(value);
  if (entries.length > METADATA_LIMITS.maxKeys) {
    return `must have at most ${METADATA_LIMITS.maxKeys} keys`;
  }
  for (const [key, item] of entries) {
    const keyProblem = metadataKeyProblem(key);
    if (keyProblem !== undefined) return `key "${key.slice(0, 50)}" ${keyProblem}`;
    if (typeof item !== 'string') return `value of "${key}" must be a string`;
    if (item.length > METADATA_LIMITS.maxValueLength) {
      return `value of "${key}" must have at most ${METADATA_LIMITS.maxValueLength} characters`;
    }
  }
  return undefined;
}

/**
 * Free key/value pairs as the external systems take them: at most 50 keys of 1 to 40 characters
 * without "[" or "]" and not in Concord's reserved `concord_` namespace, string values up to 500.
 */
export function IsMetadata(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMetadata',
      validator: {
        validate: (value: unknown) => metadataProblem(value) === undefined,
        defaultMessage: (args) => `${args?.property} ${metadataProblem(args?.value)}`,
      },
    },
    options,
  );
}
