import { parseSoql } from './soql.parser';
import { SoqlQueryError } from './soql-query.error';

function parseError(query: string): SoqlQueryError {
  try {
    parseSoql(query);
  } catch (error) {
    if (error instanceof SoqlQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('SOQL parser', () => {
  it('parses fields, relationship fields, WHERE, ORDER BY, LIMIT and OFFSET', () => {
    const query = parseSoql(
      "select Id, Name, Account.Name FROM Contact WHERE (Email LIKE '%@example.com' OR Name = 'x') " +
        'AND CreatedDate >= 2024-01-01T00:00:00Z ORDER BY Name DESC NULLS FIRST, Id LIMIT 10 OFFSET 5',
    );
    expect(query.select).toEqual([
      { path: ['Id'], position: 7 },
      { path: ['Name'], position: 11 },
      { path: ['Account', 'Name'], position: 17 },
    ]);
    expect(query.from).toEqual({ name: 'Contact', position: 35 });
    expect(query.where).toMatchObject({
      kind: 'and',
      operands: [
        {
          kind: 'or',
          operands: [
            { kind: 'like', field: { path: ['Email'] }, pattern: '%@example.com' },
            { kind: 'compare', operator: '=', value: { kind: 'string', value: 'x' } },
          ],
        },
        {
          kind: 'compare',
          operator: '>=',
          value: { kind: 'datetime', ms: Date.parse('2024-01-01T00:00:00Z') },
        },
      ],
    });
    expect(query.orderBy).toEqual([
      {
        field: { path: ['Name'], position: expect.any(Number) },
        descending: true,
        nullsLast: false,
      },
      {
        field: { path: ['Id'], position: expect.any(Number) },
        descending: false,
        nullsLast: false,
      },
    ]);
    expect(query).toMatchObject({ limit: 10, offset: 5 });
  });

  it('parses every value kind, IN, NOT IN, NOT, and <> as !=', () => {
    const query = parseSoql(
      "SELECT Id FROM Account WHERE Name IN ('a', 'b\\'c') AND Id NOT IN ('001000000000000AAA') " +
        'AND NOT AnnualRevenue < -1.5 AND IsDeleted = false AND Phone <> null ' +
        'AND CreatedDate = LAST_N_DAYS:7 AND CreatedDate < TODAY AND Birthdate__x = 2020-02-29',
    );
    expect(query.where).toMatchObject({
      kind: 'and',
      operands: [
        { kind: 'in', negated: false, values: [{ value: 'a' }, { value: "b'c" }] },
        { kind: 'in', negated: true },
        { kind: 'not', operand: { operator: '<', value: { kind: 'number', value: -1.5 } } },
        { value: { kind: 'boolean', value: false } },
        { operator: '!=', value: { kind: 'null' } },
        { value: { kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 7 } },
        { value: { kind: 'dateLiteral', name: 'TODAY' } },
        { value: { kind: 'date', ms: Date.parse('2020-02-29T00:00:00Z') } },
      ],
    });
  });

  it('parses SELECT COUNT()', () => {
    expect(parseSoql('SELECT COUNT() FROM Account').select).toBe('count');
  });

  it.each([
    ['SELECT FROM Account', "unexpected token: 'FROM'"],
    ['SELECT Id FROM', 'unexpected token: <EOF>'],
    ['SELECT Id FROM Account WHERE', 'unexpected token: <EOF>'],
    [
      "SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'",
      "unexpected token: 'OR'",
    ],
    ['SELECT Id FROM Account GROUP BY Name', "unexpected token: 'GROUP'"],
    ['SELECT COUNT(Id) FROM Account', "unexpected token: 'Id'"],
    ['SELECT Id, (SELECT Id FROM Contacts) FROM Account', "unexpected token: '('"],
    ['SELECT FIELDS(ALL) FROM Account', "unexpected token: '('"],
    ['SELECT Id FROM Account WHERE Name = "x"', `unexpected token: '"'`],
    ["SELECT Id FROM Account WHERE Name = 'open", 'unterminated string literal'],
    ['SELECT Id FROM Account WHERE CreatedDate > 2024-02-30', 'invalid date literal: 2024-02-30'],
    ['SELECT Id FROM Account WHERE CreatedDate > THIS_DECADE', "unexpected token: 'THIS_DECADE'"],
    ['SELECT Id FROM Account LIMIT ten', "unexpected token: 'ten'"],
    ['SELECT Owner.Manager.Name FROM Account', 'deeper than one level'],
    ['SELECT Id FROM Account FOR UPDATE', "unexpected token: 'FOR'"],
  ])('refuses %s as MALFORMED_QUERY (%s)', (query, reason) => {
    const error = parseError(query);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.reason).toContain(reason);
  });

  it('renders the error with a caret at the offending column, as Salesforce does', () => {
    const query = 'SELECT Id FROM Account WHERE';
    expect(parseError(query).render(query)).toBe(
      `${query}\n${' '.repeat(28)}^\nERROR at Row:1:Column:29\nunexpected token: <EOF>`,
    );
  });
});
