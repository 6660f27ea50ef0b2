import { ConflictError, ValidationError } from '@concord/errors';
import {
  BadRequestException,
  MethodNotAllowedException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';

import { toErrorResponse } from './error-response.mapper';

function bodyParserError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, type, expose: true });
}

describe('toErrorResponse', () => {
  it('maps Concord errors through toHttpResponse', () => {
    const response = toErrorResponse(
      new ValidationError('INVALID_INPUT', 'Invalid input: email', [
        { field: 'email', message: 'must be an email' },
      ]),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual({
      fields: [{ field: 'email', message: 'must be an email' }],
    });
    expect(toErrorResponse(new ConflictError('ALREADY_EXISTS', 'dup')).status).toBe(409);
  });

  it('maps malformed JSON to 400 INVALID_INPUT naming the body, without quoting it', () => {
    const response = toErrorResponse(
      bodyParserError(
        400,
        'entity.parse.failed',
        'Unexpected token s in JSON: {"key": sk_test_123',
      ),
    );
    expect(response).toEqual({
      status: 400,
      headers: {},
      body: {
        error: {
          code: 'INVALID_INPUT',
          category: 'validation',
          message: 'The request body is not valid JSON',
          details: { fields: [{ field: 'body', message: 'malformed JSON' }] },
        },
      },
    });
  });

  it('maps an oversized body to 413 and an unsupported charset to 415', () => {
    expect(
      toErrorResponse(bodyParserError(413, 'entity.too.large', 'request entity too large')),
    ).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
    expect(
      toErrorResponse(bodyParserError(415, 'charset.unsupported', 'unsupported charset "X"'))
        .status,
    ).toBe(415);
  });

  it("maps Nest's HttpExceptions into the same body shape", () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /nope'))).toMatchObject({
      status: 404,
      body: {
        error: { code: 'ROUTE_NOT_FOUND', category: 'not-found', message: 'Cannot GET /nope' },
      },
    });
    expect(
      toErrorResponse(new BadRequestException('Validation failed (uuid is expected)')).body.error,
    ).toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(toErrorResponse(new MethodNotAllowedException()).body.error.code).toBe(
      'METHOD_NOT_ALLOWED',
    );
    expect(toErrorResponse(new ServiceUnavailableException('db down')).status).toBe(500);
  });

  it('gives unknown errors a bare 500 with nothing internal', () => {
    const response = toErrorResponse(
      new TypeError('Cannot read properties of undefined (reading "password")'),
    );
    expect(response).toEqual({
      status: 500,
      headers: {},
      body: { error: { code: 'UNEXPECTED', category: 'internal', message: 'Internal error' } },
    });
  });
});
