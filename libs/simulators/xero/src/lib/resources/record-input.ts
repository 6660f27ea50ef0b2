import { isRecord } from '@concord/simulators/core';

import { Decimal } from '../money/decimal';
import { RecordValidationError } from './record-validation.error';

/**
 * Reads one record of a request body, collecting every problem so a record answers with all its
 * `ValidationErrors` at once (as Xero does) rather than the first.
 */
export class RecordInput {
  readonly errors: string[] = [];

  constructor(readonly raw: Record<string, unknown>) {}

  has(field: string): boolean {
    return this.raw[field] !== undefined && this.raw[field] !== null;
  }

  string(field: string, maxLength = 500): string | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.errors.push(`${field} must be a string`);
      return undefined;
    }
    if (value.length > maxLength) {
      this.errors.push(`${field} must not be more than ${maxLength} characters long`);
      return undefined;
    }
    return value;
  }

  boolean(field: string): boolean | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.errors.push(`${field} must be true or false`);
      return undefined;
    }
    return value;
  }

  /** A decimal with at most `maxDp` places (Xero: 2 for money, 4 for quantities and unit amounts). */
  decimal(field: string, maxDp: number, label = field): Decimal | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' && typeof value !== 'string') {
      this.errors.push(`${label} must be a number`);
      return undefined;
    }
    try {
      const decimal = Decimal.from(value);
      if (decimal.significantScale() > maxDp) {
        this.errors.push(`${label} must have no more than ${maxDp} decimal places`);
        return undefined;
      }
      return decimal;
    } catch {
      this.errors.push(`${label} must be a number`);
      return undefined;
    }
  }

  object(field: string): Record<string, unknown> | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) {
      this.errors.push(`${field} must be an object`);
      return undefined;
    }
    return value;
  }

  objects(field: string): Record<string, unknown>[] | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every(isRecord)) {
      this.errors.push(`${field} must be an array of objects`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    const value = this.string(field);
    if (value === undefined) return undefined;
    const match = allowed.find((candidate) => candidate.toUpperCase() === value.toUpperCase());
    if (!match) this.errors.push(`${field} '${value}' is not one of ${allowed.join(', ')}`);
    return match;
  }

  fail(message: string): void {
    this.errors.push(message);
  }

  /** Throws the collected problems, if any. */
  check(): void {
    if (this.errors.length > 0) throw new RecordValidationError([...this.errors]);
  }
}
