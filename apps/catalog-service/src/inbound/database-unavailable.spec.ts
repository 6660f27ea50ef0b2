import { consumerDecision, RetryableErrorCode } from '@concord/errors';

import { DATABASE_RETRY_AFTER_MS, withDatabaseUnavailability } from './database-unavailable';

describe('withDatabaseUnavailability', () => {
  it('classifies a database that went away and retries it no sooner than a second', () => {
    for (const thrown of [
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ]) {
      const classified = withDatabaseUnavailability(thrown);
      expect(classified).toMatchObject({ code: RetryableErrorCode.UPSTREAM_UNAVAILABLE });
      expect(consumerDecision(classified)).toEqual({
        action: 'retry',
        delayMs: DATABASE_RETRY_AFTER_MS,
      });
    }
  });

  it('leaves every other failure as it was', () => {
    const bug = new TypeError('x is undefined');
    expect(withDatabaseUnavailability(bug)).toBe(bug);
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(withDatabaseUnavailability(unique)).toBe(unique);
  });
});
