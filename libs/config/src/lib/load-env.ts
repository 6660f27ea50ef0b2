import { FieldError } from '@concord/errors';

import { ConfigError } from './config.error';
import { EnvConfig, EnvField, EnvSchema, EnvSource } from './env-field';

/**
 * Declares a schema (or a slice of one). An identity at run time; it exists so the field types are
 * inferred and slices compose by spreading: `defineEnv({ ...kafkaEnv, ...httpEnv, FOO: str() })`.
 */
export function defineEnv<const S extends EnvSchema>(schema: S): S {
  return Object.freeze({ ...schema });
}

/**
 * Reads and validates every variable of `schema` from `env`. Returns a frozen, fully typed config,
 * or throws a ConfigError naming every bad variable. An empty value counts as unset, so `FOO=` in
 * a compose file means "use the default" rather than "the empty string".
 */
export function loadEnv<const S extends EnvSchema>(
  schema: S,
  env: EnvSource = process.env,
): EnvConfig<S> {
  const config: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const [name, field] of Object.entries(schema) as Array<[string, EnvField<unknown>]>) {
    const raw = env[name];
    const present = raw !== undefined && raw.trim() !== '';
    const result = present ? field.parse(raw, env) : field.whenUnset();
    if (result === 'required') {
      errors.push({ field: name, message: 'is required' });
    } else if (!result.ok) {
      errors.push({ field: name, message: `${result.reason} (${describeGot(field, raw ?? '')})` });
    } else {
      config[name] = result.value;
    }
  }
  if (errors.length > 0) throw new ConfigError(errors);
  return Object.freeze(config) as EnvConfig<S>;
}

function describeGot(field: EnvField<unknown>, raw: string): string {
  if (field.secret) return `got a value of ${raw.length} characters`;
  const quoted = field.quote(raw);
  return `got ${quoted}`;
}
