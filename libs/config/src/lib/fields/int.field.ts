import { buildField, CommonFieldOptions, EnvField, fail, FieldResult, ok } from '../env-field';

export interface IntOptions extends CommonFieldOptions<number> {
  min?: number;
  max?: number;
}

const INTEGER = /^[+-]?\d+$/;

export function describeIntegerRange(noun: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `must be ${noun} between ${min} and ${max}`;
  if (min !== undefined) return `must be ${noun} of at least ${min}`;
  if (max !== undefined) return `must be ${noun} of at most ${max}`;
  return `must be ${noun}`;
}

export function parseInteger(raw: string, min?: number, max?: number): FieldResult<number> {
  const value = INTEGER.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  const inRange =
    Number.isSafeInteger(value) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max);
  return inRange ? ok(value) : fail(describeIntegerRange('an integer', min, max));
}

/** A whole number, optionally bounded by `min` and `max` (inclusive). */
export function int(options: IntOptions & { optional: true }): EnvField<number | undefined>;
export function int(options?: IntOptions): EnvField<number>;
export function int(options: IntOptions = {}): EnvField<number> {
  return buildField(options, (raw) => parseInteger(raw, options.min, options.max));
}

/** A TCP port, 1 to 65535. */
export function port(
  options: CommonFieldOptions<number> & { optional: true },
): EnvField<number | undefined>;
export function port(options?: CommonFieldOptions<number>): EnvField<number>;
export function port(options: CommonFieldOptions<number> = {}): EnvField<number> {
  return buildField(options, (raw) => parseInteger(raw, 1, 65535));
}
