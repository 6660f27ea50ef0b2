import { destination as fileDestination, DestinationStream } from 'pino';

import { ObservabilityOptions } from '../observability-options';
import { OneLineDestination } from './one-line-format';
import { SanitizingDestination } from './secret-masking';

/**
 * JSON lines on stdout, or (`pretty`) one readable line per event. Every line passes the secret
 * masking first, while it is still JSON, so the readable line is masked too.
 */
export function createLogDestination(options: ObservabilityOptions): DestinationStream {
  const secrets = options.secretValues ?? [];
  if (options.destination) return new SanitizingDestination(options.destination, secrets);
  const stdout = fileDestination({ dest: 1, sync: true });
  if (!options.pretty) return new SanitizingDestination(stdout, secrets);
  return new SanitizingDestination(
    new OneLineDestination(stdout, { colors: process.stdout.isTTY === true }),
    secrets,
  );
}
