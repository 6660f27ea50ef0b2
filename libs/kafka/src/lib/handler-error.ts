import { ConcordError, isConcordError, RetryableError, RetryableErrorCode } from '@concord/errors';

/**
 * Classifies what a handler threw. A ConcordError is kept as it is; anything else is an
 * unclassified failure, retryable (so a transient fault loses nothing), whose own text is NOT
 * carried into logs or dead-letter headers: a library's message may quote a URL, a token or a
 * payload. Handlers that want their reason shown throw a ConcordError. A database error (one with
 * a SQLSTATE, as pg and TypeORM's QueryFailedError carry) is named by its code and the names of
 * the constraint, table and column it reports: identifiers from the schema, never values.
 */
export function classifyHandlerError(thrown: unknown): ConcordError {
  if (isConcordError(thrown)) return thrown;
  const kind = thrown instanceof Error ? thrown.name : typeof thrown;
  const database = databaseErrorNames(thrown);
  return new RetryableError(
    RetryableErrorCode.UNEXPECTED,
    `Unclassified ${kind} thrown by the handler${database ? ` (${database})` : ''}`,
    { cause: thrown },
  );
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$.]{0,62}$/;

/** `SQLSTATE 23505, constraint x, table y` of a database error, or null when it is none. */
export function databaseErrorNames(thrown: unknown): string | null {
  if (typeof thrown !== 'object' || thrown === null) return null;
  const own = thrown as Record<string, unknown>;
  const driver =
    typeof own['driverError'] === 'object' && own['driverError'] !== null
      ? (own['driverError'] as Record<string, unknown>)
      : own;
  const code = driver['code'];
  // pg's DatabaseError carries a severity beside the SQLSTATE (Node's EPIPE has neither).
  if (typeof code !== 'string' || !SQLSTATE.test(code) || typeof driver['severity'] !== 'string') {
    return null;
  }
  const names = [`SQLSTATE ${code}`];
  for (const field of ['constraint', 'table', 'column'] as const) {
    const value = driver[field];
    if (typeof value === 'string' && IDENTIFIER.test(value)) names.push(`${field} ${value}`);
  }
  return names.join(', ');
}
