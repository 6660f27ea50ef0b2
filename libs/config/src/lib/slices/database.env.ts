import type { EnvSource } from '../env-field';
import { withRule } from '../fields/field-rule';
import { file } from '../fields/file.field';
import { str } from '../fields/str.field';
import { url } from '../fields/url.field';
import { defineEnv } from '../load-env';

/** How the PostgreSQL connection uses TLS (see `postgresSsl` in `@concord/database`). */
export const DATABASE_SSL_MODES = ['disable', 'require', 'verify-full'] as const;

function sslmodeInUrl(env: EnvSource): boolean {
  try {
    return new URL(env['DATABASE_URL'] ?? '').searchParams.has('sslmode');
  } catch {
    return false;
  }
}

/**
 * PostgreSQL; when DATABASE_URL is unset the app finds a local or embedded server (see
 * libs/database). DATABASE_SSL unset leaves TLS to the URL (`?sslmode=`); set, it decides, and the
 * URL must then not say otherwise.
 */
export const databaseEnv = defineEnv({
  DATABASE_URL: url({ protocols: ['postgres:', 'postgresql:'], optional: true }),
  DATABASE_SSL: withRule(str({ choices: DATABASE_SSL_MODES, optional: true }), (_, env) =>
    sslmodeInUrl(env)
      ? 'conflicts with the sslmode parameter of DATABASE_URL: set only one of them'
      : undefined,
  ),
  /** PEM CA bundle that signs the server's certificate (a private CA); with verify-full only. */
  DATABASE_SSL_CA_FILE: withRule(file({ optional: true }), (_, env) =>
    env['DATABASE_SSL']?.trim() === 'verify-full' ? undefined : 'requires DATABASE_SSL=verify-full',
  ),
});
