import { type DeadLetterView, explainDeadLetters } from './dead-letters';

const letter = (code: string): DeadLetterView => ({
  id: `dl-${code}`,
  consumerGroup: 'connector-stripe',
  topic: 'catalog.customer.v1',
  error: { code, category: 'retryable', message: '' },
});

describe('explainDeadLetters', () => {
  it('explains an error by the injected faults that produce it', () => {
    const [verdict] = explainDeadLetters([letter('UPSTREAM_RATE_LIMITED')], new Set(['storm-429']));
    expect(verdict.explainedBy).toEqual(['storm-429']);
  });

  it('leaves it unexplained when no such fault was injected', () => {
    const [verdict] = explainDeadLetters([letter('UPSTREAM_RATE_LIMITED')], new Set(['latency']));
    expect(verdict.explainedBy).toEqual([]);
  });

  it('never explains a validation error or an unknown code', () => {
    const all = new Set([
      'storm-429',
      'errors-5xx',
      'latency',
      'kill-relay',
      'restart-broker',
    ] as const);
    const verdicts = explainDeadLetters([letter('INVALID_FIELDS'), letter('UNKNOWN')], all);
    expect(verdicts.map((v) => v.explainedBy)).toEqual([[], []]);
  });
});
