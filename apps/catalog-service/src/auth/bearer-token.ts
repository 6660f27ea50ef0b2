import { AuthError, AuthErrorCode } from '@concord/errors';

/** The token of `Authorization: Bearer <token>`; a 401 when the header is missing or malformed. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw new AuthError(
      AuthErrorCode.MISSING_CREDENTIALS,
      'Send an API key as "Authorization: Bearer <key>"',
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new AuthError(
      AuthErrorCode.INVALID_CREDENTIALS,
      'The Authorization header must be "Bearer <key>"',
    );
  }
  return match[1];
}
