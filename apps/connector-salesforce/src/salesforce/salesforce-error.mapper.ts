import {
  AuthError,
  AuthErrorCode,
  type ConcordError,
  ConflictError,
  ConflictErrorCode,
  isConcordError,
  NotFoundError,
  NotFoundErrorCode,
  RateLimitedError,
  RateLimitedErrorCode,
  RetryableError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';

import { missingConcordIdError, objectMissingConcordId } from './concord-id-field';

/** One entry of Salesforce's error array (`[{ message, errorCode, fields }]`). */
export interface SalesforceApiErrorEntry {
  errorCode: string;
  message: string;
  fields?: string[];
}

/** A daily-allocation or concurrency refusal waits this long before the kit tries again. */
export const REQUEST_LIMIT_RETRY_MS = 60_000;
/** An injected or real 429 without a usable wait. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** The token endpoint's error codes that refuse the connected app or its user (not transient). */
export const OAUTH_REFUSALS: ReadonlySet<string> = new Set([
  'invalid_client_id',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'inactive_user',
  'inactive_org',
]);

const NOT_FOUND = new Set(['NOT_FOUND', 'ENTITY_IS_DELETED']);
const TRANSIENT = new Set([
  'UNKNOWN_EXCEPTION',
  'SERVER_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
  'QUERY_TIMEOUT',
  'INVALID_QUERY_LOCATOR',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Secrets never leave in a message: tokens and client secrets look like long opaque strings. */
export function sanitizeSalesforceMessage(message: string): string {
  return message
    .replace(/00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]+/g, '[redacted]')
    .replace(/(Bearer|OAuth)\s+\S+/gi, '$1 [redacted]')
    .slice(0, 900);
}

/** The error entry jsforce raised (`HttpApiError`: `errorCode`, `message`, `data`), if it is one. */
function entryOf(error: unknown): SalesforceApiErrorEntry | null {
  if (typeof error !== 'object' || error === null) return null;
  const candidate = error as {
    errorCode?: unknown;
    message?: unknown;
    data?: unknown;
    fields?: unknown;
  };
  if (typeof candidate.errorCode !== 'string') return null;
  // Several errors: jsforce keeps the array in `data`; the first one decides.
  if (candidate.errorCode === 'MULTIPLE_API_ERRORS' && Array.isArray(candidate.data)) {
    return entryOf(candidate.data[0]) ?? entryOf({ ...candidate, data: undefined });
  }
  const listed = (candidate.data as { fields?: unknown } | undefined)?.fields ?? candidate.fields;
  const fields = Array.isArray(listed)
    ? listed.filter((f): f is string => typeof f === 'string')
    : undefined;
  return {
    errorCode: candidate.errorCode,
    message: typeof candidate.message === 'string' ? candidate.message : candidate.errorCode,
    fields,
  };
}

/** Salesforce's error entry (from a single call or a collection's per-record result) as a Concord error. */
export function classifySalesforceEntry(entry: SalesforceApiErrorEntry): ConcordError {
  const message = sanitizeSalesforceMessage(`Salesforce: ${entry.errorCode}: ${entry.message}`);
  const details = { salesforceCode: entry.errorCode, fields: entry.fields ?? [] };
  const code = entry.errorCode;
  const lacking = objectMissingConcordId(entry);
  // An org without the external-id field: the connection needs a person, not a retry.
  if (lacking !== null) return missingConcordIdError(lacking || null);
  if (code === 'INVALID_SESSION_ID') {
    // The client refreshes once; a session refused again means the app lost its access.
    return new AuthError(AuthErrorCode.TOKEN_REFRESH_FAILED, message, { details });
  }
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    // "TotalRequests Limit exceeded." is the org's daily allocation (the connection pauses until
    // the rolling 24-hour usage falls below it); the concurrency limits only slow calls down.
    const daily = /TotalRequests/i.test(entry.message);
    return new RateLimitedError(
      daily
        ? RateLimitedErrorCode.DAILY_ALLOWANCE_EXHAUSTED
        : RateLimitedErrorCode.UPSTREAM_RATE_LIMITED,
      message,
      REQUEST_LIMIT_RETRY_MS,
      { details },
    );
  }
  if (code === 'INSUFFICIENT_ACCESS' || code === 'INSUFFICIENT_ACCESS_OR_READONLY') {
    return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, message, { details });
  }
  if (NOT_FOUND.has(code)) {
    return new NotFoundError(NotFoundErrorCode.UPSTREAM_NOT_FOUND, message, { details });
  }
  if (code === 'DUPLICATE_VALUE') {
    return new ConflictError(ConflictErrorCode.ALREADY_EXISTS, message, { details });
  }
  if (TRANSIENT.has(code) || code.startsWith('ERROR_HTTP_5')) {
    return new RetryableError(RetryableErrorCode.UPSTREAM_UNAVAILABLE, message, { details });
  }
  if (code === 'ERROR_HTTP_429') {
    return new RateLimitedError(
      RateLimitedErrorCode.UPSTREAM_RATE_LIMITED,
      message,
      DEFAULT_RETRY_AFTER_MS,
      { details },
    );
  }
  if (OAUTH_REFUSALS.has(code)) {
    return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, message, { details });
  }
  // Validation and every other record error: retrying the same write cannot succeed.
  const fields = entry.fields?.length ? entry.fields : ['request'];
  return new ValidationError(
    ValidationErrorCode.REJECTED_BY_UPSTREAM,
    message,
    fields.map((field) => ({ field, message })),
    { details },
  );
}

/**
 * Classifies what jsforce throws into Concord's taxonomy: Salesforce's `errorCode`
 * (`INVALID_SESSION_ID` -> auth, after the client's one refresh; `REQUEST_LIMIT_EXCEEDED` ->
 * rate-limited; `NOT_FOUND`/`ENTITY_IS_DELETED` -> not-found; `UNKNOWN_EXCEPTION`,
 * `SERVER_UNAVAILABLE` -> retryable; validation errors -> permanent, naming the fields), OAuth
 * refusals of the token endpoint -> auth, network failures -> retryable.
 */
export function classifySalesforceError(error: unknown): ConcordError {
  if (isConcordError(error)) return error;
  const entry = entryOf(error);
  if (entry) return classifySalesforceEntry(entry);
  const named = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  const message = sanitizeSalesforceMessage(
    typeof named?.message === 'string' ? `Salesforce: ${named.message}` : 'Salesforce: failure',
  );
  // The token endpoint's refusals come from jsforce's OAuth2 as an Error named after the code.
  if (typeof named?.name === 'string' && OAUTH_REFUSALS.has(named.name)) {
    return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, message, {
      details: { oauthError: named.name },
    });
  }
  if (typeof named?.code === 'string' && NETWORK_CODES.has(named.code)) {
    return new RetryableError(RetryableErrorCode.NETWORK, message, {
      details: { code: named.code },
    });
  }
  if (named?.name === 'AbortError' || named?.name === 'TimeoutError') {
    return new RetryableError(RetryableErrorCode.TIMEOUT, message);
  }
  return new RetryableError(RetryableErrorCode.UNEXPECTED, message);
}
