import {
  AuthError,
  AuthErrorCode,
  type ConcordError,
  ConflictError,
  ConflictErrorCode,
  isConcordError,
  NotFoundError,
  NotFoundErrorCode,
  parseRetryAfter,
  RateLimitedError,
  RateLimitedErrorCode,
  RetryableError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';

/** A provider 429 without Retry-After still waits this long (Xero's minute window). */
const DEFAULT_RETRY_AFTER_MS = 1000;

/** What xero-node rejects with, once parsed: it rejects with `JSON.stringify` of its ApiError. */
export interface XeroFailure {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function plainHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(headers)) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' || typeof value === 'number') {
      out[name.toLowerCase()] = String(value);
    }
  }
  return out;
}

/** The HTTP failure inside what xero-node threw, or null when it is not one (a bug, a throw). */
export function xeroFailureOf(error: unknown): XeroFailure | null {
  let parsed: unknown = error;
  if (typeof error === 'string') {
    try {
      parsed = JSON.parse(error);
    } catch {
      return null;
    }
  }
  if (!isObject(parsed) || !isObject(parsed['response'])) return null;
  const response = parsed['response'];
  const status = Number(response['statusCode'] ?? response['status'] ?? 0);
  return {
    status: Number.isFinite(status) ? status : 0,
    body: response['body'] ?? response['data'] ?? parsed['body'] ?? null,
    headers: plainHeaders(response['headers']),
  };
}

/** Xero field names a validation message may mention, the most specific first (`ContactNumber` before `Name`). */
const KNOWN_FIELDS = [
  'ContactNumber',
  'EmailAddress',
  'InvoiceNumber',
  'AccountCode',
  'LineAmount',
  'UnitAmount',
  'Description',
  'ItemCode',
  'TaxType',
  'DueDate',
  'Quantity',
  'Status',
  'Code',
  'Name',
  'Contact',
  'Date',
];

/** The Xero field a validation message is about (`Code must be unique` -> `Code`), or `record`. */
export function fieldOfXeroMessage(message: string): string {
  const lower = message.toLowerCase();
  for (const field of KNOWN_FIELDS) {
    const spaced = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    if (lower.includes(field.toLowerCase()) || lower.includes(spaced)) return field;
  }
  if (lower.includes('line item')) return 'LineItems';
  return 'record';
}

/** Xero's per-record `ValidationErrors` messages (a record of a batch, or a 400's `Elements`). */
export function validationMessagesOf(record: unknown): string[] {
  if (!isObject(record)) return [];
  const errors = record['ValidationErrors'] ?? record['validationErrors'];
  if (!Array.isArray(errors)) return [];
  return errors
    .map((entry) => (isObject(entry) ? (entry['Message'] ?? entry['message']) : null))
    .filter((message): message is string => typeof message === 'string');
}

/** A permanent refusal of one record, each message with the field it names. */
export function xeroValidationError(
  messages: readonly string[],
  details: Json = {},
): ValidationError {
  const text = messages.length > 0 ? messages.join('; ') : 'Xero refused the record';
  return new ValidationError(
    ValidationErrorCode.REJECTED_BY_UPSTREAM,
    `Xero: ${text}`.slice(0, 900),
    (messages.length > 0 ? messages : [text]).map((message) => ({
      field: fieldOfXeroMessage(message),
      message: message.slice(0, 500),
    })),
    { details },
  );
}

function messageOf(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 500);
  if (!isObject(body)) return 'no message';
  const text = body['Message'] ?? body['Detail'] ?? body['Title'] ?? body['message'];
  return typeof text === 'string' ? text.slice(0, 500) : 'no message';
}

function validationOf(body: unknown): string[] {
  if (!isObject(body)) return [];
  const elements = Array.isArray(body['Elements']) ? body['Elements'] : [];
  return elements.flatMap(validationMessagesOf);
}

/**
 * What xero-node throws, in Concord's taxonomy: 429 -> rate-limited for its `Retry-After` (the
 * daily allowance used up when `X-Rate-Limit-Problem` is `daily`); 401 ->
 * auth (an expired or revoked token pauses the connection); 403 (no access to the organisation)
 * -> auth; 404 -> not-found; 5xx and network failures -> retryable; a reused Idempotency-Key ->
 * conflict; other 400s (ValidationException, QueryParseException) -> validation, permanent, with
 * the field each message names.
 */
export function classifyXeroError(error: unknown): ConcordError {
  if (isConcordError(error)) return error;
  const failure = xeroFailureOf(error);
  if (failure === null) {
    const message = error instanceof Error ? error.message.slice(0, 500) : 'Unknown failure';
    return new RetryableError(RetryableErrorCode.UNEXPECTED, `Xero: ${message}`);
  }
  const { status, body, headers } = failure;
  const message = `Xero: ${messageOf(body)}`;
  const details = {
    status,
    correlationId: headers['xero-correlation-id'] ?? null,
    problem: headers['x-rate-limit-problem'] ?? null,
  };
  if (status === 429) {
    const retryAfter = parseRetryAfter(headers['retry-after']) ?? DEFAULT_RETRY_AFTER_MS;
    // The day's allowance used up pauses the connection (the kit's daily allowance), not the bucket.
    const code = /^(day|daily)$/i.test(headers['x-rate-limit-problem'] ?? '')
      ? RateLimitedErrorCode.DAILY_ALLOWANCE_EXHAUSTED
      : RateLimitedErrorCode.UPSTREAM_RATE_LIMITED;
    return new RateLimitedError(code, message, retryAfter, { details });
  }
  if (status === 401) return new AuthError(AuthErrorCode.REVOKED_CREDENTIALS, message, { details });
  if (status === 403) return new AuthError(AuthErrorCode.INVALID_CREDENTIALS, message, { details });
  if (status === 404) {
    return new NotFoundError(NotFoundErrorCode.UPSTREAM_NOT_FOUND, message, { details });
  }
  if (status === 0 || status === 409 || status >= 500) {
    const code =
      status === 0 ? RetryableErrorCode.NETWORK : RetryableErrorCode.UPSTREAM_UNAVAILABLE;
    return new RetryableError(code, message, { details });
  }
  if (/idempotency/i.test(message)) {
    return new ConflictError(ConflictErrorCode.IDEMPOTENCY_KEY_REUSED, message, { details });
  }
  const messages = validationOf(body);
  return xeroValidationError(messages.length > 0 ? messages : [messageOf(body)], details);
}
