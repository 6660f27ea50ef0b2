import { ValidationError, ValidationErrorCode } from '@concord/errors';
import { isIsoDateTime, isUuid } from '@concord/model';

/** Position in a list ordered by (updatedAt, id): the last item a page returned. */
export interface RecordCursor {
  updatedAt: string;
  id: string;
}

function invalidCursor(): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_INPUT, 'Invalid cursor', [
    { field: 'cursor', message: 'is not a cursor returned by this list' },
  ]);
}

/** Opaque to clients: base64url of a small JSON array. */
export function encodeCursor(cursor: RecordCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): RecordCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !isIsoDateTime(parsed[0]) ||
    !isUuid(parsed[1])
  ) {
    throw invalidCursor();
  }
  return { updatedAt: parsed[0], id: parsed[1] };
}

/**
 * SQL giving a timestamptz column as exact ISO text (UTC, microseconds, PostgreSQL's full
 * precision). A keyset cursor keeps this text and compares it as `$n::timestamptz`, so rows a
 * JavaScript Date (milliseconds) could not tell apart are never skipped at a page boundary.
 */
export function exactTimestampSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
