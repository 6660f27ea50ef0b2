import { buildField, CommonFieldOptions, EnvField, fail, ok } from '../env-field';

export interface ListOptions extends CommonFieldOptions<readonly string[]> {
  /** Defaults to `,`. */
  separator?: string;
  /** A pattern every item must match, described for the error message. */
  item?: { regex: RegExp; description: string };
}

/** A separated list (e.g. `KAFKA_BROKERS=a:9092,b:9092`); items are trimmed, empty ones dropped. */
export function list(
  options: ListOptions & { optional: true },
): EnvField<readonly string[] | undefined>;
export function list(options?: ListOptions): EnvField<readonly string[]>;
export function list(options: ListOptions = {}): EnvField<readonly string[]> {
  const separator = options.separator ?? ',';
  const withFrozenDefault: ListOptions =
    options.default === undefined
      ? options
      : { ...options, default: Object.freeze([...options.default]) };
  return buildField(withFrozenDefault, (raw) => {
    const items = raw
      .split(separator)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    if (items.length === 0) return fail(`must list at least one item separated by "${separator}"`);
    const pattern = options.item;
    if (pattern) {
      const bad = items.findIndex((entry) => !pattern.regex.test(entry));
      if (bad >= 0)
        return fail(
          `must list items that are each ${pattern.description} (item ${bad + 1} is not)`,
        );
    }
    return ok(Object.freeze(items));
  });
}
