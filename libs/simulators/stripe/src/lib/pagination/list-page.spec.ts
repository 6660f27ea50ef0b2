import { decodeForm } from '../http/form-decoder';
import { RequestParams } from '../http/request-params';
import { StripeApiError } from '../http/stripe-api.error';
import { paginate, readListOptions } from './list-page';

/** c1 (oldest) .. c25 (newest), listed newest first like Stripe. */
const items = Array.from({ length: 25 }, (_, i) => ({ id: `c${i + 1}` })).reverse();
const seqOf = (id: string): number | undefined => {
  const n = Number(id.slice(1));
  return Number.isInteger(n) && n >= 1 && n <= 25 ? n : undefined;
};
const page = (query: string, list = items) =>
  paginate(
    list,
    readListOptions(new RequestParams(decodeForm(query))),
    seqOf,
    '/v1/things',
    'thing',
  );
const ids = (query: string, list = items) => page(query, list).data.map((item) => item.id);

describe('list pagination', () => {
  it('returns 10 newest first by default, with has_more and the url', () => {
    const first = page('');
    expect(first.data.map((i) => i.id)).toEqual([
      'c25',
      'c24',
      'c23',
      'c22',
      'c21',
      'c20',
      'c19',
      'c18',
      'c17',
      'c16',
    ]);
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/things' });
  });

  it('pages forward with starting_after until has_more is false', () => {
    expect(ids('limit=3&starting_after=c20')).toEqual(['c19', 'c18', 'c17']);
    expect(page('limit=5&starting_after=c6')).toMatchObject({ has_more: false });
    expect(ids('limit=5&starting_after=c6')).toEqual(['c5', 'c4', 'c3', 'c2', 'c1']);
    expect(ids('starting_after=c1')).toEqual([]);
  });

  it('pages backwards with ending_before, returning the items closest to the cursor', () => {
    expect(ids('limit=3&ending_before=c10')).toEqual(['c13', 'c12', 'c11']);
    expect(page('limit=3&ending_before=c10').has_more).toBe(true);
    expect(page('limit=3&ending_before=c22')).toMatchObject({ has_more: false });
  });

  it('keeps cursors working on filtered lists (the cursor itself need not match)', () => {
    const even = items.filter((item) => Number(item.id.slice(1)) % 2 === 0);
    expect(ids('limit=2&starting_after=c15', even)).toEqual(['c14', 'c12']);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['starting_after=c1&ending_before=c2', 'ending_before'],
  ])('rejects %s naming %s', (query, param) => {
    expect(() => page(query)).toThrow(StripeApiError);
    try {
      page(query);
    } catch (error) {
      expect((error as StripeApiError).param).toBe(param);
    }
  });

  it('answers an unknown cursor with resource_missing', () => {
    expect(() => page('starting_after=c99')).toThrow("No such thing: 'c99'");
  });

  it('allows 100 per page', () => {
    expect(ids('limit=100')).toHaveLength(25);
  });
});
