/** `@concord/config`'s DATABASE_SSL values. */
export type PostgresSslMode = 'disable' | 'require' | 'verify-full';

export interface PostgresSslSettings {
  /** Unset leaves TLS to the URL's own `sslmode` parameter (none means no TLS). */
  DATABASE_SSL?: PostgresSslMode;
  /** PEM CA bundle that signs the server's certificate; with `verify-full` only. */
  DATABASE_SSL_CA_FILE?: string;
}

/**
 * The URL with TLS settings node-postgres reads from it (`sslmode`, `sslrootcert`), so every
 * connection made from the URL (TypeORM, pg pools, the admin client) gets the same TLS.
 * `uselibpqcompat=true` gives `sslmode` libpq's meaning: `require` encrypts without verifying the
 * server (node-postgres alone would treat it as `verify-full`), `verify-full` checks the chain and
 * the host name, `disable` connects in clear.
 */
export function withPostgresSsl(url: string, settings: PostgresSslSettings): string {
  const mode = settings.DATABASE_SSL;
  if (mode === undefined) return url;
  const parsed = new URL(url);
  parsed.searchParams.set('sslmode', mode);
  parsed.searchParams.set('uselibpqcompat', 'true');
  if (mode === 'verify-full' && settings.DATABASE_SSL_CA_FILE) {
    parsed.searchParams.set('sslrootcert', settings.DATABASE_SSL_CA_FILE);
  }
  return parsed.toString();
}
