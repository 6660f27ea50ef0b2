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

export function childLogger(logger: KafkaLogger, bindings: object): KafkaLogger {
  return logger.child ? logger.child(bindings) : logger;
}
