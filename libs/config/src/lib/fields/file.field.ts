import { accessSync, constants, statSync } from 'node:fs';

import { buildField, CommonFieldOptions, EnvField, fail, ok } from '../env-field';

/**
 * A path to a file the process can read (a CA bundle, a client certificate or key), checked at
 * start so a typo fails there rather than at the first connection. The value stays the path.
 */
export function file(
  options: CommonFieldOptions<string> & { optional: true },
): EnvField<string | undefined>;
export function file(options?: CommonFieldOptions<string>): EnvField<string>;
export function file(options: CommonFieldOptions<string> = {}): EnvField<string> {
  return buildField(options, (raw) => {
    const path = raw.trim();
    try {
      if (!statSync(path).isFile()) return fail('must name a file, not a directory');
      accessSync(path, constants.R_OK);
    } catch {
      return fail('must name a file that exists and is readable');
    }
    return ok(path);
  });
}
