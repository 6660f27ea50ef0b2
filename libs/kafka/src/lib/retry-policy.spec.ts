import { ConsumerDecision } from '@concord/errors';

import { decideOnFailure, DEFAULT_RETRY_POLICY, FailureContext } from './retry-policy';

const retry: ConsumerDecision = { action: 'retry' };
const policy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1000, inPlaceAttempts: 3 };
const context = (overrides: Partial<FailureContext> = {}): FailureContext => ({
  attempt: 1,
  inPlaceAttempt: 1,
  policy,
  hasRetryTopic: false,
  random: () => 1,
  ...overrides,
});

describe('decideOnFailure', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 5,
      initialDelayMs: 200,
      maxDelayMs: 5000,
      inPlaceAttempts: 3,
    });
  });

  it('dead-letters permanent and auth failures on the first attempt', () => {
    expect(decideOnFailure({ action: 'dead-letter' }, context())).toEqual({
      action: 'dead-letter',
    });
    expect(decideOnFailure({ action: 'pause-connection' }, context())).toEqual({
      action: 'dead-letter',
    });
  });

  it('retries in place with a growing backoff while attempts remain', () => {
    expect(decideOnFailure(retry, context({ attempt: 1 }))).toEqual({
      action: 'retry-in-place',
      delayMs: 100,
    });
    expect(decideOnFailure(retry, context({ attempt: 4, inPlaceAttempt: 4 }))).toEqual({
      action: 'retry-in-place',
      delayMs: 800,
    });
  });

  it('dead-letters once maxAttempts are spent, with or without a retry topic', () => {
    expect(decideOnFailure(retry, context({ attempt: 5, inPlaceAttempt: 5 }))).toEqual({
      action: 'dead-letter',
    });
    expect(decideOnFailure(retry, context({ attempt: 5, hasRetryTopic: true }))).toEqual({
      action: 'dead-letter',
    });
  });

  it('hands over to the retry topic after inPlaceAttempts when there is one', () => {
    expect(
      decideOnFailure(retry, context({ attempt: 2, inPlaceAttempt: 2, hasRetryTopic: true })),
    ).toEqual({ action: 'retry-in-place', delayMs: 200 });
    expect(
      decideOnFailure(retry, context({ attempt: 3, inPlaceAttempt: 3, hasRetryTopic: true })),
    ).toEqual({ action: 'retry-topic', delayMs: 400 });
  });

  it('waits exactly the Retry-After of a rate limit', () => {
    expect(decideOnFailure({ action: 'retry', delayMs: 750 }, context())).toEqual({
      action: 'retry-in-place',
      delayMs: 750,
    });
  });

  it('never holds a partition longer than maxDelayMs: a long rate limit defers or goes to the retry topic', () => {
    const longWait: ConsumerDecision = { action: 'retry', delayMs: 60_000 };
    expect(decideOnFailure(longWait, context())).toEqual({ action: 'defer', delayMs: 60_000 });
    expect(decideOnFailure(longWait, context({ hasRetryTopic: true }))).toEqual({
      action: 'retry-topic',
      delayMs: 60_000,
    });
  });
});
