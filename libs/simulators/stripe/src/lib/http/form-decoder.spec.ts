import { decodeForm, FormDecodeError } from './form-decoder';

describe('decodeForm', () => {
  it('decodes flat pairs, + as space and percent escapes', () => {
    expect(decodeForm('name=Ada+Lovelace&email=ada%40example.com&empty=')).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      empty: '',
    });
  });

  it('nests hashes: metadata[foo]=bar, address[line1]=..', () => {
    expect(
      decodeForm('metadata[foo]=bar&metadata[baz]=&address[line1]=1+Main&address[city]=X'),
    ).toEqual({
      metadata: { foo: 'bar', baz: '' },
      address: { line1: '1 Main', city: 'X' },
    });
  });

  it('reads percent-encoded brackets like literal ones', () => {
    expect(decodeForm('metadata%5Bfoo%5D=bar')).toEqual({ metadata: { foo: 'bar' } });
  });

  it('builds arrays from a[]= and a[0]= (indexes ordered, sparse ones compacted)', () => {
    expect(decodeForm('expand[]=customer&expand[]=lines')).toEqual({
      expand: ['customer', 'lines'],
    });
    expect(decodeForm('expand[1]=b&expand[0]=a&expand[5]=c')).toEqual({ expand: ['a', 'b', 'c'] });
  });

  it('builds arrays of hashes', () => {
    expect(
      decodeForm(
        'items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2&fields[][name]=a&fields[][value]=b',
      ),
    ).toEqual({
      items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }],
      fields: [{ name: 'a', value: 'b' }],
    });
  });

  it('keeps the last value of a repeated scalar key and ignores empty pairs', () => {
    expect(decodeForm('a=1&&a=2&')).toEqual({ a: '2' });
    expect(decodeForm('')).toEqual({});
  });

  it('treats a key with unbalanced brackets as a plain name', () => {
    expect(decodeForm('a[b=1')).toEqual({ 'a[b': '1' });
  });

  it.each([
    ['metadata[a]=1&metadata=x', 'metadata'],
    ['a=1&a[b]=2', 'a'],
    ['a[0]=1&a[b]=2', 'a'],
    ['a[b]=1&a[0]=2', 'a'],
  ])('rejects %s, naming %s', (input, param) => {
    expect(() => decodeForm(input)).toThrow(FormDecodeError);
    try {
      decodeForm(input);
    } catch (error) {
      expect((error as FormDecodeError).param).toBe(param);
    }
  });

  it('rejects malformed percent encoding', () => {
    expect(() => decodeForm('a=%E0%A4%A')).toThrow(FormDecodeError);
  });
});
