import { EnvField, EnvSource, fail } from '../env-field';
import { parseBool } from './bool.field';

/**
 * Adds a check across variables to a field: once the field's own value parsed, `rule` may refuse
 * it, given the whole environment, with a reason that completes "<NAME> ...". The rule runs only
 * when the variable is set, so the message names the variable that brought the inconsistency.
 */
export function withRule<T>(
  field: EnvField<T>,
  rule: (value: T, env: EnvSource) => string | undefined,
): EnvField<T> {
  return {
    secret: field.secret,
    whenUnset: () => field.whenUnset(),
    quote: (raw) => field.quote(raw),
    redact: (value) => field.redact(value),
    parse: (raw, env) => {
      const result = field.parse(raw, env);
      if (!result.ok) return result;
      const reason = rule(result.value, env);
      return reason === undefined ? result : fail(reason);
    },
  };
}

/** Whether a variable is set, as loadEnv sees it (an empty value counts as unset). */
export function isSet(env: EnvSource, name: string): boolean {
  const raw = env[name];
  return raw !== undefined && raw.trim() !== '';
}

/** Whether a boolean variable is set to a true value (true/1/yes/on). */
export function isTrue(env: EnvSource, name: string): boolean {
  const raw = env[name];
  return raw !== undefined && parseBool(raw) === true;
}

/** "requires A and B to be set as well", or undefined when all of `names` are set. */
export function requiresSet(env: EnvSource, names: readonly string[]): string | undefined {
  const missing = names.filter((name) => !isSet(env, name));
  if (missing.length === 0) return undefined;
  return `requires ${missing.join(' and ')} to be set as well`;
}
