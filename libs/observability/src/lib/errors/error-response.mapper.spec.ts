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

  describe('database failures', () => {
    /** An error as node-postgres raises it, wrapped as TypeORM's QueryFailedError would. */
    function queryFailed(fields: Record<string, unknown>, message = 'query failed'): Error {
      const driverError = Object.assign(new Error(message), fields);
      return Object.assign(new Error(message), { name: 'QueryFailedError', driverError });
    }

    it('maps a data error (class 22) to 400 and a unique violation to 409, quoting nothing', () => {
      const nul = toErrorResponse(
        queryFailed({ code: '22021' }, 'invalid byte sequence for encoding "UTF8": 0x00'),
      );
      expect(nul.status).toBe(400);
      expect(nul.body.error).toMatchObject({ code: 'INVALID_INPUT', category: 'validation' });
      expect(nul.body.error.message).toBe(
        'A value of the request cannot be stored (SQLSTATE 22021)',
      );
      expect(
        toErrorResponse(queryFailed({ code: '22P02', column: 'amount' })).body.error.details,
      ).toEqual({
        fields: [{ field: 'amount', message: 'is not a value the store accepts (SQLSTATE 22P02)' }],
      });
      const duplicate = toErrorResponse(
        queryFailed({ code: '23505', constraint: 'secret_internal_key' }, 'duplicate key value'),
      );
      expect(duplicate.status).toBe(409);
      expect(JSON.stringify(duplicate)).not.toContain('secret_internal_key');
    });

    it('maps a stopped or unreachable database to 503', () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
        code: 'ECONNREFUSED',
      });
      const unreachable = [
        refused,
        Object.assign(new AggregateError([refused], ''), { code: undefined }),
        queryFailed({}, 'Connection terminated unexpectedly'),
        new Error('timeout exceeded when trying to connect'),
        queryFailed({ code: '57P01' }, 'terminating connection due to administrator command'),
        queryFailed({ code: '08006' }),
      ];
      for (const error of unreachable) {
        expect(toErrorResponse(error)).toMatchObject({
          status: 503,
          body: { error: { code: 'UPSTREAM_UNAVAILABLE', category: 'retryable' } },
        });
      }
    });

    it('keeps real server faults a 500: no catch-all turns them into client errors', () => {
      for (const code of ['23502', '23503', '42P01', '42703', 'XX000']) {
        expect(toErrorResponse(queryFailed({ code })).status).toBe(500);
      }
      expect(toErrorResponse(new RangeError('Maximum call stack size exceeded')).status).toBe(500);
    });
  });
});
