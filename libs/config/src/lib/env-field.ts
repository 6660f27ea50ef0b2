/** The raw environment a schema is read from (`process.env` at start, a plain object in tests). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

export type FieldResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * One environment variable: how to parse it, whether it is secret, and how it may appear in
 * error messages and logs. Methods (not function properties) keep fields of different value types
 * assignable to one schema record.
 */
export interface EnvField<T> {
  /** Secret values never appear in error messages and are `[redacted]` in logged config. */
  readonly secret: boolean;
  /** Parses a present, non-empty raw value; the reason completes "<NAME> ..." in a message. */
  parse(raw: string, env: EnvSource): FieldResult<T>;
  /** The value used when the variable is unset or empty; `required` fails the load instead. */
  whenUnset(): FieldResult<T> | 'required';
  /** How a raw value may be quoted in an error message (never called for secret fields). */
  quote(raw: string): string;
  /** How the parsed value appears in logged configuration. */
  redact(value: T): unknown;
}

/** Options every field helper accepts. */
export interface CommonFieldOptions<T> {
  default?: T;
  /** An unset variable yields `undefined` instead of failing the load. */
  optional?: boolean;
  secret?: boolean;
}

export type EnvSchema = Readonly<Record<string, EnvField<unknown>>>;

export type FieldValue<F> = F extends EnvField<infer T> ? T : never;

/** The typed, frozen configuration a schema produces. */
export type EnvConfig<S extends EnvSchema> = { readonly [K in keyof S]: FieldValue<S[K]> };

const MAX_QUOTED_LENGTH = 80;

export function quoteRaw(raw: string): string {
  const shown = raw.length > MAX_QUOTED_LENGTH ? `${raw.slice(0, MAX_QUOTED_LENGTH)}...` : raw;
  return JSON.stringify(shown);
}

/**
 * Builds a field from a value parser and the common options. Every helper goes through here so
 * defaults, optionality and secrecy behave the same for all of them.
 */
export function buildField<T>(
  options: CommonFieldOptions<T>,
  parse: (raw: string, env: EnvSource) => FieldResult<T>,
  overrides: Partial<Pick<EnvField<T>, 'quote' | 'redact'>> = {},
): EnvField<T> {
  return {
    secret: options.secret ?? false,
    parse,
    whenUnset: () => {
      if (options.default !== undefined) return { ok: true, value: options.default };
      if (options.optional) return { ok: true, value: undefined as T };
      return 'required';
    },
    quote: overrides.quote ?? quoteRaw,
    redact: overrides.redact ?? ((value: T) => value),
  };
}

export function ok<T>(value: T): FieldResult<T> {
  return { ok: true, value };
}

export function fail<T>(reason: string): FieldResult<T> {
  return { ok: false, reason };
}
