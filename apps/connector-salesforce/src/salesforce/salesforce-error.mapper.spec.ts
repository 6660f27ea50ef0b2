import {
  AuthError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  RateLimitedErrorCode,
  RetryableError,
  ValidationError,
} from '@concord/errors';

import { classifySalesforceError, REQUEST_LIMIT_RETRY_MS } from './salesforce-error.mapper';

/** What jsforce throws for a Salesforce error array (`HttpApiError`). */
function apiError(errorCode: string, message: string, fields?: string[]): Error {
  return Object.assign(new Error(message), {
    name: errorCode,
    errorCode,
    data: { errorCode, message, ...(fields ? { fields } : {}) },
  });
}

describe('classifySalesforceError', () => {
  it('makes a record refused for lack of Concord_Id__c a needs-attention failure naming the object', () => {
    const error = classifySalesforceError(
      apiError('INVALID_FIELD', "No such column 'Concord_Id__c' on sobject of type Contact", [
        'Concord_Id__c',
      ]),
    );
    expect(error).toBeInstanceOf(AuthError);
    expect(error.code).toBe('CONCORD_ID_FIELD_MISSING');
    expect(error.details['attentionReason']).toMatch(
      /^the Salesforce org has no Concord_Id__c field on Contact: add it in Setup > Object Manager > Contact/,
    );
    const other = classifySalesforceError(
      apiError('INVALID_FIELD', "No such column 'Nickname__c' on sobject of type Contact"),
    );
    expect(other).toBeInstanceOf(ValidationError);
  });

  it('makes an expired session that survived the refresh an auth failure', () => {
    const error = classifySalesforceError(
      apiError('INVALID_SESSION_ID', 'Session expired or invalid'),
    );
    expect(error).toBeInstanceOf(AuthError);
    expect(error.details['salesforceCode']).toBe('INVALID_SESSION_ID');
  });

  it('makes the end of the daily allocation (TotalRequests) rate-limited with the code that pauses the connection', () => {
    const error = classifySalesforceError(
      apiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.code).toBe(RateLimitedErrorCode.DAILY_ALLOWANCE_EXHAUSTED);
    expect((error as RateLimitedError).retryAfterMs).toBe(REQUEST_LIMIT_RETRY_MS);
  });

  it('makes a concurrency limit (ConcurrentPerOrgLongTxn) a plain rate limit', () => {
    const error = classifySalesforceError(
      apiError('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'),
    );
    expect(error.code).toBe(RateLimitedErrorCode.UPSTREAM_RATE_LIMITED);
  });

  it('makes a validation error permanent, naming the fields Salesforce named', () => {
    const error = classifySalesforceError(
      apiError('STRING_TOO_LONG', 'Billing City: data value too large', ['BillingCity']),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.retryable).toBe(false);
    expect((error as ValidationError).fields).toEqual([
      { field: 'BillingCity', message: expect.stringContaining('STRING_TOO_LONG') },
    ]);
  });

  it('takes the first of several errors', () => {
    const several = Object.assign(new Error('Multiple errors returned.'), {
      errorCode: 'MULTIPLE_API_ERRORS',
      data: [
        {
          errorCode: 'REQUIRED_FIELD_MISSING',
          message: 'Required fields are missing: [Name]',
          fields: ['Name'],
        },
        { errorCode: 'STRING_TOO_LONG', message: 'too long', fields: ['Phone'] },
      ],
    });
    const error = classifySalesforceError(several);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields[0].field).toBe('Name');
  });

  it('sorts the rest: not found, duplicates, server faults, OAuth refusals, network', () => {
    expect(classifySalesforceError(apiError('ENTITY_IS_DELETED', 'deleted'))).toBeInstanceOf(
      NotFoundError,
    );
    expect(classifySalesforceError(apiError('NOT_FOUND', 'gone'))).toBeInstanceOf(NotFoundError);
    expect(classifySalesforceError(apiError('DUPLICATE_VALUE', 'dup'))).toBeInstanceOf(
      ConflictError,
    );
    expect(classifySalesforceError(apiError('UNKNOWN_EXCEPTION', 'boom'))).toBeInstanceOf(
      RetryableError,
    );
    expect(classifySalesforceError(apiError('ERROR_HTTP_503', 'down'))).toBeInstanceOf(
      RetryableError,
    );
    const oauth = Object.assign(new Error('invalid client credentials'), {
      name: 'invalid_client',
    });
    expect(classifySalesforceError(oauth)).toBeInstanceOf(AuthError);
    const network = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifySalesforceError(network)).toMatchObject({ code: 'NETWORK', retryable: true });
  });

  it('never lets an access token through in a message', () => {
    const token = '00D5g000004XyzAB!AQ0AQJ3v.secret_token-value';
    const error = classifySalesforceError(apiError('UNKNOWN_EXCEPTION', `failed with ${token}`));
    expect(error.message).not.toContain('secret_token');
    expect(error.message).toContain('[redacted]');
  });
});
