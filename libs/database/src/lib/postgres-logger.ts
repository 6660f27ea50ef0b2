/** The little a resolver needs to say what it did; console, a Nest Logger and most loggers fit. */
export interface PostgresLogger {
  log(message: string): void;
  warn(message: string): void;
}

export const silentPostgresLogger: PostgresLogger = { log: () => undefined, warn: () => undefined };
