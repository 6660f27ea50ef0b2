import {
  PreconditionFailedError,
  PreconditionFailedErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';

const VERSION_TAG = /^(?:W\/)?"?([1-9][0-9]{0,9})"?$/;

function invalidHeader(message: string): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_INPUT, `If-Match ${message}`, [
    { field: 'If-Match', message },
  ]);
}

/** The version in `If-Match` (`"3"`, `3` or `W/"3"`), or undefined when the header is absent. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = VERSION_TAG.exec(header.trim());
  if (!match) throw invalidHeader('must be the record version from its ETag, e.g. "3"');
  return Number(match[1]);
}

/** PATCH must say which version it changes: a blind overwrite would lose someone else's change. */
export function requireIfMatch(header: string | undefined): number {
  const version = parseIfMatch(header);
  if (version === undefined) {
    throw invalidHeader('header is required: send the version from the record ETag, e.g. "3"');
  }
  return version;
}

export function assertVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) {
    throw new PreconditionFailedError(
      PreconditionFailedErrorCode.VERSION_MISMATCH,
      `The record is at version ${current}, not ${expected}: fetch it again and retry`,
      { details: { currentVersion: current } },
    );
  }
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
