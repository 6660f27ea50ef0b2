import { decodeAttention } from './attention-flags';

describe('decodeAttention', () => {
  it('reads a flag with its kind', () => {
    const stored = JSON.stringify({ kind: 'allowance', reason: 'daily API allowance used up' });
    expect(decodeAttention(stored)).toEqual({
      kind: 'allowance',
      reason: 'daily API allowance used up',
    });
  });

  it('reads a flag written before flags had a kind as refused credentials', () => {
    expect(decodeAttention('stripe refused the credentials (REVOKED_CREDENTIALS)')).toEqual({
      kind: 'credentials',
      reason: 'stripe refused the credentials (REVOKED_CREDENTIALS)',
    });
    expect(decodeAttention('{not json')).toEqual({ kind: 'credentials', reason: '{not json' });
  });

  it('reads no flag from an empty or missing cursor', () => {
    expect(decodeAttention('')).toBeNull();
    expect(decodeAttention(null)).toBeNull();
  });
});
