import { ValidationError, ValidationErrorCode } from '@concord/errors';

/** Lower-case letters, digits and underscores, starting with a letter or underscore: never needs case folding. */
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws a ValidationError unless `name` is a safe PostgreSQL database name. */
export function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      'Database names are 1-63 lower-case letters, digits or underscores, not starting with a digit',
      [{ field: 'name', message: `invalid database name ${JSON.stringify(name.slice(0, 80))}` }],
    );
  }
}

/** The URL of database `name` on the same server (and with the same credentials) as `adminUrl`. */
export function databaseUrlFor(adminUrl: string, name: string): string {
  assertDatabaseName(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `postgres://user@host:port/db` without the password, for log lines and error messages. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'an unparsable PostgreSQL URL';
  }
}
