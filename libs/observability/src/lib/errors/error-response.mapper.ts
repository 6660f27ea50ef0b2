import {
  AuthError,
  AuthErrorCode,
  ConcordError,
  ConflictError,
  ConflictErrorCode,
  ForbiddenError,
  ForbiddenErrorCode,
  HttpErrorResponse,
  NotFoundError,
  NotFoundErrorCode,
  PreconditionFailedError,
  PreconditionFailedErrorCode,
  RateLimitedError,
  RateLimitedErrorCode,
  toHttpResponse,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';
import { HttpException, HttpStatus } from '@nestjs/common';

import { concordErrorFromDatabase } from './database-error';
import { BodyParserFailure, isBodyParserFailure } from './request-body.error';

/**
 * The response for anything thrown while serving a request: Concord errors through
 * `toHttpResponse`, Nest's HttpExceptions, Express body-parser failures and database failures
 * (data error 400, unique violation 409, database unavailable 503) translated into the same
 * shape, anything else a bare 500. Never a stack, never a raw parser message (it quotes the body).
 */
export function toErrorResponse(exception: unknown): HttpErrorResponse {
  if (exception instanceof ConcordError) return toHttpResponse(exception);
  if (exception instanceof HttpException) return httpExceptionResponse(exception);
  if (isBodyParserFailure(exception)) return bodyParserResponse(exception);
  return toHttpResponse(concordErrorFromDatabase(exception) ?? exception);
}

function bodyParserResponse(error: BodyParserFailure): HttpErrorResponse {
  switch (error.type) {
    case 'entity.parse.failed':
      return toHttpResponse(
        new ValidationError(
          ValidationErrorCode.INVALID_INPUT,
          'The request body is not valid JSON',
          [{ field: 'body', message: 'malformed JSON' }],
        ),
      );
    case 'entity.too.large':
    case 'parameters.too.many':
      return plainResponse(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'PAYLOAD_TOO_LARGE',
        'The request body is too large',
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return plainResponse(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_MEDIA_TYPE',
        'The request body encoding is not supported',
      );
    default:
      return error.status >= 400 && error.status < 500
        ? plainResponse(
            error.status,
            ValidationErrorCode.INVALID_INPUT,
            'The request body could not be read',
          )
        : toHttpResponse(error);
  }
}

function httpExceptionResponse(exception: HttpException): HttpErrorResponse {
  const status = exception.getStatus();
  // Nest's own messages ("Cannot GET /x", "Validation failed (uuid is expected)") are safe to show.
  const message = exception.message;
  switch (status) {
    case HttpStatus.BAD_REQUEST:
      return toHttpResponse(new ValidationError(ValidationErrorCode.INVALID_INPUT, message));
    case HttpStatus.UNAUTHORIZED:
      return toHttpResponse(new AuthError(AuthErrorCode.MISSING_CREDENTIALS, message));
    case HttpStatus.FORBIDDEN:
      return toHttpResponse(new ForbiddenError(ForbiddenErrorCode.MISSING_SCOPE, message));
    case HttpStatus.NOT_FOUND:
      return toHttpResponse(new NotFoundError(NotFoundErrorCode.ROUTE_NOT_FOUND, message));
    case HttpStatus.CONFLICT:
      return toHttpResponse(new ConflictError(ConflictErrorCode.ALREADY_EXISTS, message));
    case HttpStatus.PRECONDITION_FAILED:
      return toHttpResponse(
        new PreconditionFailedError(PreconditionFailedErrorCode.VERSION_MISMATCH, message),
      );
    case HttpStatus.TOO_MANY_REQUESTS:
      return toHttpResponse(
        new RateLimitedError(RateLimitedErrorCode.TOO_MANY_REQUESTS, message, 1000),
      );
    default:
      return status < 500
        ? plainResponse(status, HttpStatus[status] ?? 'CLIENT_ERROR', message)
        : toHttpResponse(exception);
  }
}

function plainResponse(status: number, code: string, message: string): HttpErrorResponse {
  return { status, headers: {}, body: { error: { code, category: 'validation', message } } };
}
