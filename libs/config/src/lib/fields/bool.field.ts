import { buildField, CommonFieldOptions, EnvField, fail, ok } from '../env-field';

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** true, false, or undefined when the text is not one of the accepted spellings. */
export function parseBool(raw: string): boolean | undefined {
  const normalized = raw.trim().toLowerCase();
  if (TRUE.has(normalized)) return true;
  if (FALSE.has(normalized)) return false;
  return undefined;
}

/** A flag: true/false, 1/0, yes/no or on/off, in any case. */
export function bool(
  options: CommonFieldOptions<boolean> & { optional: true },
): EnvField<boolean | undefined>;
export function bool(options?: CommonFieldOptions<boolean>): EnvField<boolean>;
export function bool(options: CommonFieldOptions<boolean> = {}): EnvField<boolean> {
  return buildField(options, (raw) => {
    const value = parseBool(raw);
    return value === undefined
      ? fail('must be a boolean (true/false, 1/0, yes/no, on/off)')
      : ok(value);
  });
}
