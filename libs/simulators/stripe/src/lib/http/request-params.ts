import { FormObject, FormValue } from './form-decoder';
import { StripeApiError } from './stripe-api.error';

export interface RangeFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** A metadata change as Stripe reads it: '' clears all keys, `metadata[k]=` removes one key. */
export interface MetadataPatch {
  clear: boolean;
  set: Record<string, string>;
  unset: string[];
}

const MAX_METADATA_KEYS = 50;
const MAX_METADATA_KEY_LENGTH = 40;
const MAX_METADATA_VALUE_LENGTH = 500;

/**
 * Typed, validated access to decoded request parameters. Accessors return `undefined` when a
 * parameter is absent and `null` when it was sent as '' (Stripe's "unset"), and throw Stripe's
 * own 400 errors, naming the parameter the way Stripe does (`address[line1]`).
 */
export class RequestParams {
  constructor(
    private readonly values: FormObject,
    private readonly prefix = '',
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.values[key] !== undefined;
  }

  keys(): string[] {
    return Object.keys(this.values);
  }

  /** Rejects every parameter not in `allowed` with `parameter_unknown`. */
  only(allowed: readonly string[]): this {
    const unknown = Object.keys(this.values).find((key) => !allowed.includes(key));
    if (unknown !== undefined) throw StripeApiError.parameterUnknown(this.name(unknown));
    return this;
  }

  raw(key: string): FormValue | undefined {
    return this.values[key];
  }

  string(key: string): string | null | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      throw StripeApiError.invalid(`Invalid string: ${describe(value)}`, this.name(key));
    }
    return value === '' ? null : value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw StripeApiError.parameterMissing(this.name(key));
    if (value === null) throw StripeApiError.parameterInvalidEmpty(this.name(key));
    return value;
  }

  /** A value that cannot be unset: '' is rejected. */
  presentString(key: string): string | undefined {
    const value = this.string(key);
    if (value === null) throw StripeApiError.parameterInvalidEmpty(this.name(key));
    return value;
  }

  enumValue<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.presentString(key);
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) {
      throw StripeApiError.invalid(
        `Invalid ${this.name(key)}: must be one of ${joinChoices(allowed)}`,
        this.name(key),
      );
    }
    return value as T;
  }

  integer(key: string, bounds: { min?: number; max?: number } = {}): number | null | undefined {
    const value = this.string(key);
    if (value === undefined || value === null) return value;
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw StripeApiError.invalid(
        `Invalid integer: ${value}`,
        this.name(key),
        'parameter_invalid_integer',
      );
    }
    const parsed = Number(value);
    if (bounds.min !== undefined && parsed < bounds.min) {
      throw StripeApiError.invalid(
        `This value must be greater than or equal to ${bounds.min}.`,
        this.name(key),
      );
    }
    if (bounds.max !== undefined && parsed > bounds.max) {
      throw StripeApiError.invalid(
        `This value must be less than or equal to ${bounds.max}.`,
        this.name(key),
      );
    }
    return parsed;
  }

  presentInteger(key: string, bounds: { min?: number; max?: number } = {}): number | undefined {
    const value = this.integer(key, bounds);
    if (value === null) throw StripeApiError.parameterInvalidEmpty(this.name(key));
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.presentString(key);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') {
      throw StripeApiError.invalid(`Invalid boolean: ${value}`, this.name(key));
    }
    return value === 'true';
  }

  /** A decimal string such as `unit_amount_decimal=12.5` (up to 12 decimal places). */
  decimal(key: string): string | undefined {
    const value = this.presentString(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+(\.\d{1,12})?$/.test(value)) {
      throw StripeApiError.invalid(`Invalid decimal: ${value}`, this.name(key));
    }
    return value;
  }

  hash(key: string): RequestParams | null | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (value === '') return null;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw StripeApiError.invalid('Invalid object', this.name(key));
    }
    return new RequestParams(value, this.name(key));
  }

  requiredHash(key: string): RequestParams {
    const value = this.hash(key);
    if (value === undefined) throw StripeApiError.parameterMissing(this.name(key));
    if (value === null) throw StripeApiError.parameterInvalidEmpty(this.name(key));
    return value;
  }

  /** An array of strings (`a[]=x`, `a[0]=x`); '' sets an empty list. */
  stringList(key: string): string[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (value === '') return [];
    const items = Array.isArray(value) ? value : [value];
    return items.map((item, index) => {
      if (typeof item !== 'string') {
        throw StripeApiError.invalid('Invalid array', `${this.name(key)}[${index}]`);
      }
      return item;
    });
  }

  metadata(key = 'metadata'): MetadataPatch | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (value === '') return { clear: true, set: {}, unset: [] };
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw StripeApiError.invalid('Invalid object', this.name(key));
    }
    const patch: MetadataPatch = { clear: false, set: {}, unset: [] };
    for (const [metaKey, metaValue] of Object.entries(value)) {
      const param = `${this.name(key)}[${metaKey}]`;
      if (typeof metaValue !== 'string') {
        throw StripeApiError.invalid('Metadata values must be strings.', param);
      }
      if (metaKey.length > MAX_METADATA_KEY_LENGTH) {
        throw StripeApiError.invalid(
          `Metadata keys can have a maximum length of ${MAX_METADATA_KEY_LENGTH} characters.`,
          param,
        );
      }
      if (metaValue.length > MAX_METADATA_VALUE_LENGTH) {
        throw StripeApiError.invalid(
          `Metadata values can have a maximum length of ${MAX_METADATA_VALUE_LENGTH} characters.`,
          param,
        );
      }
      if (metaValue === '') patch.unset.push(metaKey);
      else patch.set[metaKey] = metaValue;
    }
    return patch;
  }

  /** `created=123` or `created[gte]=1&created[lt]=2`. */
  rangeFilter(key: string): RangeFilter | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string') {
      const exact = this.presentInteger(key);
      return exact === undefined ? undefined : { gte: exact, lte: exact };
    }
    const bounds = this.requiredHash(key).only(['gt', 'gte', 'lt', 'lte']);
    const filter: RangeFilter = {};
    for (const bound of ['gt', 'gte', 'lt', 'lte'] as const) {
      const parsed = bounds.presentInteger(bound);
      if (parsed !== undefined) filter[bound] = parsed;
    }
    return filter;
  }
}

export function applyMetadata(
  current: Record<string, string>,
  patch: MetadataPatch | undefined,
  param = 'metadata',
): Record<string, string> {
  if (!patch) return current;
  const next: Record<string, string> = patch.clear ? {} : { ...current };
  for (const key of patch.unset) delete next[key];
  Object.assign(next, patch.set);
  if (Object.keys(next).length > MAX_METADATA_KEYS) {
    throw StripeApiError.invalid(
      `Invalid ${param}: metadata can have a maximum of ${MAX_METADATA_KEYS} keys.`,
      param,
    );
  }
  return next;
}

export function matchesRange(value: number, filter: RangeFilter | undefined): boolean {
  if (!filter) return true;
  return (
    (filter.gt === undefined || value > filter.gt) &&
    (filter.gte === undefined || value >= filter.gte) &&
    (filter.lt === undefined || value < filter.lt) &&
    (filter.lte === undefined || value <= filter.lte)
  );
}

function joinChoices(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

function describe(value: FormValue): string {
  return Array.isArray(value) ? 'array' : 'object';
}
