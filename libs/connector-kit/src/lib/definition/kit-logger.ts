import { childLogger as lazyChildLogger } from '@concord/kafka';

/** The logging surface the kit needs; a pino logger satisfies it. */
export interface KitLogger {
  /** Detail useful while debugging. */
  debug(context: object, message: string): void;
  /** Normal operation worth a line. */
  info(context: object, message: string): void;
  /** Something went wrong but was handled. */
  warn(context: object, message: string): void;
  /** Something failed and needs attention. */
  error(context: object, message: string): void;
  /** A logger that adds `bindings` to every line. */
  child?(bindings: object): KitLogger;
}

const noop = (): void => undefined;

/** Discards everything (tests, defaults). */
export const silentKitLogger: KitLogger = { debug: noop, info: noop, warn: noop, error: noop };

/**
 * A logger adding `bindings` to every line (`logger.child(bindings)`, made only once a line is
 * written), or the logger itself when it has no children.
 */
export function childLogger(logger: KitLogger, bindings: object): KitLogger {
  return lazyChildLogger(logger, bindings);
}
