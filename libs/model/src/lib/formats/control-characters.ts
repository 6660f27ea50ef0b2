/**
 * C0 control characters no text field may hold: all but tab, line feed and carriage return
 * (addresses and descriptions are multi-line). PostgreSQL cannot store NUL at all, and the
 * others are refused by external systems or break the documents they end up in. The catalog API
 * refuses them; connectors remove them from what external systems send.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const FORBIDDEN_CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/u;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ALL_FORBIDDEN_CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/gu;

/** The text without its forbidden control characters. */
export function stripControlCharacters(text: string): string {
  return text.replace(ALL_FORBIDDEN_CONTROL_CHARACTERS, '');
}

/**
 * A copy of a JSON-like value with the forbidden control characters removed from every string
 * and object key; other values are kept as they are.
 */
export function withoutControlCharacters<T>(value: T): T {
  if (typeof value === 'string') return stripControlCharacters(value) as T;
  if (Array.isArray(value))
    return value.map((item: unknown) => withoutControlCharacters(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      stripControlCharacters(key),
      withoutControlCharacters(item),
    ]),
  ) as T;
}
