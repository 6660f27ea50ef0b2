import { decodeForm } from './form-decoder';
import { applyMetadata, matchesRange, RequestParams } from './request-params';
import { StripeApiError } from './stripe-api.error';

const params = (query: string): RequestParams => new RequestParams(decodeForm(query));

const errorOf = (run: () => unknown): StripeApiError => {
  try {
    run();
  } catch (error) {
    if (error instanceof StripeApiError) return error;
    throw error;
  }
  throw new Error('expected a StripeApiError');
};

describe('RequestParams', () => {
  it('tells absent (undefined) from unset (null)', () => {
    const p = params('description=&name=Ada');
    expect(p.string('description')).toBeNull();
    expect(p.string('name')).toBe('Ada');
    expect(p.string('phone')).toBeUndefined();
  });

  it('answers Stripe errors naming the parameter', () => {
    expect(errorOf(() => params('').requiredString('currency')).toBody()).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'parameter_missing',
        doc_url: 'https://stripe.com/docs/error-codes/parameter-missing',
        message: 'Missing required param: currency.',
        param: 'currency',
      },
    });
    expect(errorOf(() => params('foo=1').only(['name'])).code).toBe('parameter_unknown');
    expect(errorOf(() => params('address[zip]=1').hash('address')?.only(['city'])).param).toBe(
      'address[zip]',
    );
    expect(errorOf(() => params('name=').requiredString('name')).code).toBe(
      'parameter_invalid_empty',
    );
    expect(errorOf(() => params('amount=1.5').integer('amount')).code).toBe(
      'parameter_invalid_integer',
    );
    expect(errorOf(() => params('limit=0').integer('limit', { min: 1 })).param).toBe('limit');
    expect(errorOf(() => params('active=yes').boolean('active')).message).toBe(
      'Invalid boolean: yes',
    );
    expect(
      errorOf(() => params('tax_exempt=x').enumValue('tax_exempt', ['none', 'exempt', 'reverse']))
        .message,
    ).toBe('Invalid tax_exempt: must be one of none, exempt, or reverse');
  });

  it('reads metadata updates: set, unset one key, clear all', () => {
    const current = { a: '1', b: '2' };
    expect(applyMetadata(current, params('metadata[b]=&metadata[c]=3').metadata())).toEqual({
      a: '1',
      c: '3',
    });
    expect(applyMetadata(current, params('metadata=').metadata())).toEqual({});
    expect(applyMetadata(current, params('name=x').metadata())).toBe(current);
    expect(errorOf(() => params('metadata[a][b]=1').metadata()).param).toBe('metadata[a]');
    const tooMany = Array.from({ length: 51 }, (_, i) => `metadata[k${i}]=v`).join('&');
    expect(errorOf(() => applyMetadata({}, params(tooMany).metadata())).param).toBe('metadata');
  });

  it('reads created filters as exact values or ranges', () => {
    expect(params('created=5').rangeFilter('created')).toEqual({ gte: 5, lte: 5 });
    const range = params('created[gt]=1&created[lte]=3').rangeFilter('created');
    expect([1, 2, 3, 4].filter((value) => matchesRange(value, range))).toEqual([2, 3]);
    expect(errorOf(() => params('created[after]=1').rangeFilter('created')).param).toBe(
      'created[after]',
    );
  });

  it('reads lists from a[]=, a[0]= or a single value, and "" as empty', () => {
    expect(params('expand[]=a&expand[]=b').stringList('expand')).toEqual(['a', 'b']);
    expect(params('expand=a').stringList('expand')).toEqual(['a']);
    expect(params('expand=').stringList('expand')).toEqual([]);
  });
});
