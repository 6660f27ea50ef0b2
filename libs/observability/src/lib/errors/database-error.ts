import {
  ConcordError,
  ConflictError,
  ConflictErrorCode,
  RetryableError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';

/** What PostgreSQL errors carry, as pg reports them and TypeORM wraps them (`driverError`). */
interface DatabaseErrorShape {
  code?: unknown;
  column?: unknown;
  driverError?: unknown;
  errors?: unknown;
  message?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** SQLSTATEs that mean the server is going away or cannot take the connection. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Socket failures reaching the database (Node's codes). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * node-postgres raises these without a code when the connection drops or cannot be had in
 * time, so its messages are the only thing to recognise them by.
 */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/** The error and what it wraps: TypeORM's `driverError`, an AggregateError's `errors`. */
function layersOf(error: unknown): DatabaseErrorShape[] {
  if (typeof error !== 'object' || error === null) return [];
  const shape = error as DatabaseErrorShape;
  const inner = Array.isArray(shape.errors) ? shape.errors.flatMap(layersOf) : [];
  return [shape, ...layersOf(shape.driverError), ...inner];
}

function isUnavailable(layer: DatabaseErrorShape): boolean {
  const code = typeof layer.code === 'string' ? layer.code : '';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')) {
    return true;
  }
  const message = typeof layer.message === 'string' ? layer.message : '';
  return PG_CONNECTION_MESSAGES.some((known) => message.startsWith(known));
}

/**
 * The Concord error a database failure stands for, or undefined when it is none of these (then
 * it stays a 500: a constraint the service should have checked, a bad query, a bug):
 * - a data error (SQLSTATE class 22: a value the column cannot take) is the client's input,
 *   a 400;
 * - a unique violation (23505) is a 409;
 * - an unreachable, stopped or restarting database is a 503, worth retrying.
 * The database's own message is never shown: it may quote values or name internals.
 */
export function concordErrorFromDatabase(error: unknown): ConcordError | undefined {
  const layers = layersOf(error);
  if (layers.some(isUnavailable)) {
    return new RetryableError(
      RetryableErrorCode.UPSTREAM_UNAVAILABLE,
      'The database is unavailable; try again later',
    );
  }
  const failure = layers.find(
    (layer) => typeof layer.code === 'string' && SQLSTATE.test(layer.code),
  );
  const state = failure?.code as string | undefined;
  if (state?.startsWith('22')) {
    const field = typeof failure?.column === 'string' ? failure.column : 'body';
    return new ValidationError(
      ValidationErrorCode.INVALID_INPUT,
      `A value of the request cannot be stored (SQLSTATE ${state})`,
      [{ field, message: `is not a value the store accepts (SQLSTATE ${state})` }],
    );
  }
  if (state === '23505') {
    return new ConflictError(
      ConflictErrorCode.ALREADY_EXISTS,
      'A record with the same unique values already exists',
    );
  }
  return undefined;
}
