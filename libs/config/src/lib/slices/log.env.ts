import { str } from '../fields/str.field';
import { defineEnv } from '../load-env';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** `json`: one JSON object per line (production, containers). `pretty`: one readable line per event (a terminal). */
export const LOG_FORMATS = ['json', 'pretty'] as const;

export type LogFormat = (typeof LOG_FORMATS)[number];

/** pino's level, and JSON lines (the default) or one readable line per event for a terminal. */
export const logEnv = defineEnv({
  LOG_LEVEL: str({ choices: LOG_LEVELS, default: 'info' }),
  LOG_FORMAT: str({ choices: LOG_FORMATS, default: 'json' }),
});
