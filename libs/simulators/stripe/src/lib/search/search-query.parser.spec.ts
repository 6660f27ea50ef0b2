import { CUSTOMER_SEARCH_FIELDS } from '../resources/customers/customer-search';
import { SearchQueryError } from './search-query.error';
import { matchesSearchQuery } from './search-query.evaluator';
import { parseSearchQuery } from './search-query.parser';
import { tokenizeSearchQuery } from './search-query.tokenizer';

const parse = (query: string) => parseSearchQuery(query, CUSTOMER_SEARCH_FIELDS, 'customers');

const customer = {
  id: 'cus_1',
  email: 'Jane.Doe@Example.com',
  name: 'Jane Doe',
  phone: '+15550100',
  created: 1_690_000_500,
  metadata: { plan: 'pro', 'team id': 'T-9' },
};
const matches = (query: string): boolean => matchesSearchQuery(customer, parse(query));

describe('search query tokenizer', () => {
  it('splits fields, operators, quoted strings with escapes and numbers', () => {
    const tokens = tokenizeSearchQuery(`metadata["a\\"b"]:'x' created>=16 -name~"Jan"`);
    expect(tokens.map((t) => t.kind)).toEqual([
      'word',
      'lbracket',
      'string',
      'rbracket',
      'operator',
      'string',
      'word',
      'operator',
      'number',
      'minus',
      'word',
      'operator',
      'string',
      'eof',
    ]);
    expect(tokens[2].value).toBe('a"b');
    expect(tokens[7].text).toBe('>=');
    expect(tokens[6].spaced).toBe(true);
  });
});

describe('search query parser', () => {
  it('parses one clause', () => {
    expect(parse('email:"jane@example.com"')).toEqual({
      combinator: 'AND',
      clauses: [{ negated: false, field: 'email', operator: ':', value: 'jane@example.com' }],
    });
  });

  it('parses metadata keys, single quotes, negation and numeric comparisons', () => {
    expect(parse(`metadata['plan']:'pro' AND -name:"Bob" AND created>1690000000`).clauses).toEqual([
      { negated: false, field: 'metadata', metadataKey: 'plan', operator: ':', value: 'pro' },
      { negated: true, field: 'name', operator: ':', value: 'Bob' },
      { negated: false, field: 'created', operator: '>', value: 1_690_000_000 },
    ]);
  });

  it('joins by whitespace (implicit AND), AND or OR, keywords in any case', () => {
    expect(parse('name:"a" email:"b"').combinator).toBe('AND');
    expect(parse('name:"a" and email:"b"').combinator).toBe('AND');
    expect(parse('name:"a" or email:"b"').combinator).toBe('OR');
  });

  it('accepts exactly 10 clauses', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `name:"n${i}"`).join(' OR ');
    expect(parse(ten).clauses).toHaveLength(10);
  });

  it.each([
    ['name:"a" AND email:"b" OR phone:"c"', /Combining `AND` and `OR`/],
    ['name:"a" email:"b" OR phone:"c"', /Combining `AND` and `OR`/],
    [Array.from({ length: 11 }, (_, i) => `name:"n${i}"`).join(' AND '), /at most 10 clauses/],
    ['name~"ab"', /at least 3 characters/],
    ['address:"x"', /Field `address` is an unsupported search field for resource `customers`/],
    ['metadata:"x"', /needs a key/],
    ['email["k"]:"x"', /does not take a key/],
    ['metadata["k"]~"abc"', /not supported for metadata/],
    ['created~"123"', /not supported for `created`/],
    ['created:"yesterday"', /integer Unix timestamp/],
    ['name>"a"', /only supported for numeric fields/],
    ['email:jane', /string values must be quoted/],
    ['phone:5550100', /must be a quoted string/],
    ['(name:"a" OR name:"b")', /Parentheses are not supported/],
    ['name:"a" AND', /Expected a field name/],
    ['name "a"', /Expected an operator/],
    ['name:"unterminated', /Unterminated string/],
    ['name:"a" ! email:"b"', /Unexpected character '!'/],
    ['name:"a"email:"b"', /Unexpected 'email'/],
    ['', /Expected a field name/],
  ])('rejects %s', (query, message) => {
    expect(() => parse(query)).toThrow(SearchQueryError);
    expect(() => parse(query)).toThrow(message);
  });
});

describe('search query evaluation', () => {
  it('matches strings exactly, case-insensitively, and substrings with ~', () => {
    expect(matches('email:"jane.doe@example.com"')).toBe(true);
    expect(matches('email:"jane@example.com"')).toBe(false);
    expect(matches('name~"doe"')).toBe(true);
    expect(matches('phone~"0100"')).toBe(true);
  });

  it('matches metadata, negations and timestamps', () => {
    expect(matches(`metadata["team id"]:"T-9"`)).toBe(true);
    expect(matches(`metadata["plan"]:"free"`)).toBe(false);
    expect(matches(`-metadata["plan"]:"free"`)).toBe(true);
    expect(matches('created>1690000000 AND created<=1690000500')).toBe(true);
    expect(matches('created<1690000000')).toBe(false);
    expect(matches('created:1690000500')).toBe(true);
  });

  it('combines with AND (all) or OR (any)', () => {
    expect(matches('name:"Jane Doe" AND email:"nobody@x.io"')).toBe(false);
    expect(matches('name:"Jane Doe" OR email:"nobody@x.io"')).toBe(true);
  });

  it('never matches a null field except through negation', () => {
    const blank = { ...customer, email: null };
    expect(matchesSearchQuery(blank, parse('email~"exa"'))).toBe(false);
    expect(matchesSearchQuery(blank, parse('-email:"x@y.z"'))).toBe(true);
  });
});
