import { RetryableError } from '@concord/errors';

import { classifyHandlerError } from './handler-error';

class QueryFailedError extends Error {
  override name = 'QueryFailedError';
  constructor(readonly driverError: Record<string, unknown>) {
    super(`duplicate key value violates unique constraint; query: INSERT ... 'secret-value'`);
  }
}

describe('classifyHandlerError', () => {
  it('names a database error by SQLSTATE, constraint and table, without its message or detail', () => {
    const error = classifyHandlerError(
      new QueryFailedError({
        severity: 'ERROR',
        code: '23505',
        constraint: 'identity_links_external_key',
        table: 'identity_links',
        detail: 'Key (external_id)=(secret-value) already exists.',
      }),
    );
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.code).toBe('UNEXPECTED');
    expect(error.message).toBe(
      'Unclassified QueryFailedError thrown by the handler (SQLSTATE 23505, constraint identity_links_external_key, table identity_links)',
    );
    expect(error.message).not.toContain('secret-value');
  });

  it('keeps other errors unnamed, and drops names that are not identifiers', () => {
    expect(classifyHandlerError(new Error('token=abc')).message).toBe(
      'Unclassified Error thrown by the handler',
    );
    const odd = Object.assign(new Error('x'), {
      severity: 'ERROR',
      code: '22P02',
      table: "a b'; --",
    });
    expect(classifyHandlerError(odd).message).toBe(
      'Unclassified Error thrown by the handler (SQLSTATE 22P02)',
    );
    expect(classifyHandlerError(Object.assign(new Error('x'), { code: 'EPIPE' })).message).toBe(
      'Unclassified Error thrown by the handler',
    );
  });
});
