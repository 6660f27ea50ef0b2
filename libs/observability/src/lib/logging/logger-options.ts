import { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';

import { Logger, stdTimeFunctions } from 'pino';
import type { Options } from 'pino-http';

import { currentCorrelationId } from '../correlation/correlation-context';
import { requestCorrelationId } from '../correlation/request-correlation';
import { ObservabilityOptions } from '../observability-options';
import { defaultRedactPaths } from './redact-paths';
import { REDACTED } from './secret-masking';

/** Probes and scrapes: frequent, uninteresting, and they would drown the useful lines. */
const UNLOGGED_PATH = /(^|\/)(health\/[^/?]*|metrics)\/?(\?|$)/;

export function isUnloggedRequest(req: IncomingMessage): boolean {
  // Express strips the mount path from `url` inside mounted middleware; `originalUrl` keeps it.
  const { originalUrl } = req as IncomingMessage & { originalUrl?: string };
  return UNLOGGED_PATH.test(originalUrl ?? req.url ?? '');
}

/**
 * pino-http options shared by every Concord service: JSON lines with `service`, ISO time and level
 * labels; secrets redacted by path; request logs keyed by `correlationId`; probes not logged.
 */
export function createPinoHttpOptions(options: ObservabilityOptions): Options {
  return {
    level: options.logLevel ?? 'info',
    base: { service: options.serviceName, pid: process.pid, hostname: hostname() },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: defaultRedactPaths(options.redactPaths), censor: REDACTED },
    mixin: correlationMixin,
    genReqId: requestCorrelationId,
    // A request's logger carries only its correlation id; the full request is logged once, on completion.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'correlationId' },
    autoLogging: { ignore: isUnloggedRequest },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  };
}

/** Adds the context's correlation id to lines whose logger does not already carry one (request loggers do). */
export function correlationMixin(_merge: object, _level: number, logger: Logger): object {
  const correlationId = currentCorrelationId();
  if (correlationId === undefined || 'correlationId' in logger.bindings()) return {};
  return { correlationId };
}
