import { LoggerService } from '@nestjs/common';

/**
 * Contexts in which Nest itself logs routine boot steps at `log` (info): one line per module
 * loaded, per controller and per route mapped, "Starting Nest application...". Useful when
 * debugging a module that does not load; noise on every other start.
 */
export const NEST_ROUTINE_CONTEXTS: ReadonlySet<string> = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'NestMicroservice',
]);

/**
 * The app's logger as Nest's logger, with Nest's routine boot lines (`NEST_ROUTINE_CONTEXTS`)
 * lowered to debug. Everything else, Nest's warnings and errors included, passes unchanged.
 */
export class ConcordNestLogger implements LoggerService {
  constructor(private readonly logger: LoggerService) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    // Nest passes the context as the last parameter.
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && NEST_ROUTINE_CONTEXTS.has(context)) {
      this.debug(message, ...optionalParams);
    } else {
      this.logger.log(message, ...optionalParams);
    }
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.logger.debug?.(message, ...optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.logger.verbose?.(message, ...optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.logger.warn(message, ...optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.logger.error(message, ...optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.logger.fatal?.(message, ...optionalParams);
  }
}
