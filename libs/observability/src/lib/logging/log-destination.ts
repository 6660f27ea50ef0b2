import { createRequire } from 'node:module';

import { destination as fileDestination, DestinationStream } from 'pino';

import { ObservabilityOptions } from '../observability-options';
import { SanitizingDestination } from './secret-masking';

type PinoPretty = typeof import('pino-pretty');

/**
 * Every line passes the secret masking last. Pretty output runs pino-pretty in-process (rather
 * than as a worker transport) so that the masking sits in front of it too.
 */
export function createLogDestination(options: ObservabilityOptions): DestinationStream {
  const secrets = options.secretValues ?? [];
  if (options.destination) return new SanitizingDestination(options.destination, secrets);
  if (!options.pretty) {
    return new SanitizingDestination(fileDestination({ dest: 1, sync: true }), secrets);
  }
  // pino-pretty is a development dependency: loaded only when asked for.
  const pinoPretty = createRequire(__filename)('pino-pretty') as PinoPretty;
  const pretty = pinoPretty.build({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // One readable line per request locally; the full req/res objects stay in the JSON logs.
    ignore: 'pid,hostname,service,context,req,res',
    messageFormat:
      '{service} {if context}[{context}] {end}{if req.method}{req.method} {req.url} -> {res.statusCode} {end}{msg}',
  });
  return new SanitizingDestination(pretty, secrets);
}
