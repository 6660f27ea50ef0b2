/** The logging surface the Kafka lib needs; a pino logger satisfies it structurally. */
export interface KafkaLogger {
  debug(context: object, message: string): void;
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
  child?(bindings: object): KafkaLogger;
}

const noop = (): void => undefined;

export const silentKafkaLogger: KafkaLogger = { debug: noop, info: noop, warn: noop, error: noop };

type Level = 'debug' | 'info' | 'warn' | 'error';

/** What pino offers to ask whether a level would be written. */
interface LevelAware {
  isLevelEnabled?(level: string): boolean;
}

/**
 * A logger that adds `bindings` to every line. The underlying `logger.child(bindings)` is made only
 * when a line is actually written: creating a pino child serialises (and redacts) its bindings,
 * which costs more than the work of a message it is made for, and most messages log nothing.
 */
export function childLogger(logger: KafkaLogger, bindings: object): KafkaLogger {
  const makeChild = logger.child?.bind(logger);
  if (!makeChild) return logger;
  let child: KafkaLogger | undefined;
  const enabled = (level: string): boolean =>
    (logger as LevelAware).isLevelEnabled?.(level) ?? true;
  const line =
    (level: Level) =>
    (context: object, message: string): void => {
      if (!enabled(level)) return;
      child ??= makeChild(bindings);
      child[level](context, message);
    };
  const lazy: KafkaLogger & LevelAware = {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    // A child of a child: one child of the original logger with both sets of bindings.
    child: (more) => childLogger(logger, { ...bindings, ...more }),
    isLevelEnabled: enabled,
  };
  return lazy;
}
