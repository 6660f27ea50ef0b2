import { EnvConfig, EnvSchema } from './env-field';

export const REDACTED = '[redacted]';

/**
 * The effective configuration as it may be logged at start: secret values become `[redacted]`,
 * URLs lose their passwords, and unset optional values stay visible as `null`.
 */
export function redactedConfig<S extends EnvSchema>(
  config: EnvConfig<S>,
  schema: S,
): Record<keyof S & string, unknown> {
  const values = config as Readonly<Record<string, unknown>>;
  const redacted: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) {
    const value = values[name];
    if (value === undefined) redacted[name] = null;
    else redacted[name] = field.secret ? REDACTED : field.redact(value);
  }
  return redacted as Record<keyof S & string, unknown>;
}
