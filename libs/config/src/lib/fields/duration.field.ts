import { buildField, CommonFieldOptions, EnvField, fail, ok } from '../env-field';

export interface DurationOptions extends CommonFieldOptions<number> {
  /** Lower bound in milliseconds (inclusive). */
  min?: number;
  /** Upper bound in milliseconds (inclusive). */
  max?: number;
}

const MS_PER_UNIT: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION = /^(\d+)\s*(ms|s|m|h|d)?$/;

/** A duration in milliseconds: a bare number of ms or a number with a unit (`500ms`, `30s`, `5m`, `1h`, `1d`). */
export function duration(
  options: DurationOptions & { optional: true },
): EnvField<number | undefined>;
export function duration(options?: DurationOptions): EnvField<number>;
export function duration(options: DurationOptions = {}): EnvField<number> {
  const { min, max } = options;
  const bounds =
    min !== undefined && max !== undefined
      ? ` between ${min} and ${max} ms`
      : min !== undefined
        ? ` of at least ${min} ms`
        : max !== undefined
          ? ` of at most ${max} ms`
          : '';
  const reason = `must be a duration${bounds} (milliseconds, or a number with ms, s, m, h or d)`;
  return buildField(options, (raw) => {
    const match = DURATION.exec(raw.trim().toLowerCase());
    if (!match) return fail(reason);
    const value = Number(match[1]) * MS_PER_UNIT[match[2] ?? 'ms'];
    const inRange =
      Number.isSafeInteger(value) &&
      (min === undefined || value >= min) &&
      (max === undefined || value <= max);
    return inRange ? ok(value) : fail(reason);
  });
}
