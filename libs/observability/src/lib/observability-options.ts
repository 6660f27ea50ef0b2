import type { DestinationStream, LevelWithSilent } from 'pino';

export interface ObservabilityOptions {
  /** Appears as `service` on every log line. */
  serviceName: string;
  /** Default `info`. */
  logLevel?: LevelWithSilent;
  /** One readable line per event (LOG_FORMAT=pretty, a terminal); JSON lines otherwise. */
  pretty?: boolean;
  /** Extra redaction paths (pino syntax) on top of the defaults. */
  redactPaths?: string[];
  /** Largest JSON or form body accepted (body-parser syntax); default `1mb`. */
  bodyLimit?: string;
  /**
   * Secret values masked wherever they appear in a log line, for secrets with no recognisable
   * shape (the operator's CONCORD_ADMIN_API_KEY). Values under 8 characters are ignored.
   */
  secretValues?: readonly string[];
  /** Where log lines go; default stdout. Tests pass a collecting stream. */
  destination?: DestinationStream;
}

export const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');
