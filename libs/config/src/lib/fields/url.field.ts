import { buildField, CommonFieldOptions, EnvField, fail, ok, quoteRaw } from '../env-field';

export interface UrlOptions extends CommonFieldOptions<string> {
  /** Accepted schemes with their colon, e.g. `['postgres:', 'postgresql:']`. Any when omitted. */
  protocols?: readonly string[];
}

/**
 * Replaces the password of a URL (e.g. `postgres://app:pw@db/app`) so connection strings can be
 * logged and quoted in errors. A value that does not parse is shown only by its length, since it
 * may still hold a password the parser could not locate.
 */
export function maskUrlPassword(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return `a value of ${raw.length} characters`;
  }
  // Without a host (`app:pw@db` parses as scheme `app:`), a password is not where it is looked for.
  if (parsed.host === '') return `a value of ${raw.length} characters`;
  if (parsed.password) parsed.password = '[redacted]';
  return parsed.toString();
}

/** A URL kept as the string given (drivers take strings), validated and with its scheme checked. */
export function url(options: UrlOptions & { optional: true }): EnvField<string | undefined>;
export function url(options?: UrlOptions): EnvField<string>;
export function url(options: UrlOptions = {}): EnvField<string> {
  const { protocols } = options;
  const expected = protocols ? ` with scheme ${protocols.join(' or ')}` : '';
  return buildField(
    options,
    (raw) => {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        return fail(`must be a URL${expected}`);
      }
      if (protocols && !protocols.includes(parsed.protocol))
        return fail(`must be a URL${expected}`);
      return ok(raw);
    },
    {
      quote: (raw) => {
        const masked = maskUrlPassword(raw);
        return masked.startsWith('a value of') ? masked : quoteRaw(masked);
      },
      redact: (value) => maskUrlPassword(value),
    },
  );
}
