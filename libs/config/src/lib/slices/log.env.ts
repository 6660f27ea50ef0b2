import { bool } from '../fields/bool.field';
import { str } from '../fields/str.field';
import { defineEnv } from '../load-env';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** pino's level and whether to pretty-print (local development) instead of JSON. */
export const logEnv = defineEnv({
  LOG_LEVEL: str({ choices: LOG_LEVELS, default: 'info' }),
  LOG_PRETTY: bool({ default: false }),
});
