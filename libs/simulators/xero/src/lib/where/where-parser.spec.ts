import { parseOrder } from './order-clause';
import { matchesWhere, readPath } from './where-evaluator';
import { parseWhere } from './where-parser';
import { WhereQueryError } from './where-query.error';
import { tokenizeWhere } from './where-tokenizer';

const FIELDS = new Set([
  'Name',
  'EmailAddress',
  'Status',
  'Type',
  'Total',
  'IsCustomer',
  'UpdatedDateUTC',
  'ContactID',
  'Contact.ContactID',
]);

const records = [
  {
    Name: 'Ada Lovelace',
    EmailAddress: 'ada@example.com',
    Status: 'AUTHORISED',
    Type: 'ACCREC',
    Total: 120.5,
    IsCustomer: true,
    UpdatedDateUTC: '/Date(1767225600000+0000)/', // 2026-01-01
    ContactID: '6d0c2b3a-1111-4c4c-9e9e-000000000001',
    Contact: { ContactID: '6d0c2b3a-1111-4c4c-9e9e-000000000001' },
  },
  {
    Name: 'Grace Hopper',
    Status: 'DRAFT',
    Type: 'ACCREC',
    Total: 10,
    IsCustomer: false,
    UpdatedDateUTC: '/Date(1735689600000+0000)/', // 2025-01-01
    ContactID: '6d0c2b3a-1111-4c4c-9e9e-000000000002',
    Contact: { ContactID: '6d0c2b3a-1111-4c4c-9e9e-000000000002' },
  },
];

const names = (where: string): string[] => {
  const node = parseWhere(where, 'Contact', FIELDS);
  return records.filter((record) => matchesWhere(node, readPath(record))).map((r) => r.Name);
};

describe('where clauses', () => {
  it('tokenizes strings with escapes, numbers, operators and keywords', () => {
    expect(tokenizeWhere('Name=="a \\"b\\"" AND Total>=-1.5 || !x').map((t) => t.kind)).toEqual([
      'identifier',
      'operator',
      'string',
      'and',
      'identifier',
      'operator',
      'number',
      'or',
      'not',
      'identifier',
      'end',
    ]);
  });

  it.each([
    ['Name=="Ada Lovelace"', ['Ada Lovelace']],
    ['name == "ada lovelace"', ['Ada Lovelace']],
    ['EmailAddress!=null', ['Ada Lovelace']],
    ['EmailAddress==null', ['Grace Hopper']],
    ['Status=="AUTHORISED" AND Type=="ACCREC"', ['Ada Lovelace']],
    ['Status=="DRAFT" OR Total>100', ['Ada Lovelace', 'Grace Hopper']],
    ['Status=="DRAFT" || Total>100 && IsCustomer==false', ['Grace Hopper']],
    ['(Status=="DRAFT" || Total>100) && IsCustomer==true', ['Ada Lovelace']],
    ['NOT (Name.Contains("love"))', ['Grace Hopper']],
    ['Name.Contains("LOVE")', ['Ada Lovelace']],
    ['Name.StartsWith("Gr")', ['Grace Hopper']],
    ['Name.EndsWith("per")', ['Grace Hopper']],
    ['UpdatedDateUTC>=DateTime(2026,1,1)', ['Ada Lovelace']],
    ['UpdatedDateUTC<DateTime(2026, 01, 01, 00, 00, 00)', ['Grace Hopper']],
    ['Contact.ContactID==Guid("6D0C2B3A-1111-4C4C-9E9E-000000000002")', ['Grace Hopper']],
    ['Total<=10', ['Grace Hopper']],
    ['Name="Ada Lovelace"', ['Ada Lovelace']],
  ])('%s', (where, expected) => {
    expect(names(where)).toEqual(expected);
  });

  it.each([
    ['Nope=="x"', "No property or field 'Nope' exists in type 'Contact'"],
    ['Name.ToLower()=="x"', "The method 'ToLower' is not supported"],
    ['Name=="x', 'Unterminated string literal'],
    ['Name==', 'Expected a value'],
    ['Name "x"', 'Expected a comparison operator'],
    ['(Name=="x"', "Expected ')'"],
    ['Name=="x" Total', 'Expected end of the expression'],
    ['Name # 1', "Unexpected character '#'"],
    ['UpdatedDateUTC>DateTime(2026,2,30)', 'is not a valid date'],
    ['UpdatedDateUTC>DateTime(2026,2)', 'DateTime takes'],
    ['ContactID==Guid("nope")', 'is not a valid Guid'],
  ])('refuses %s', (where, message) => {
    expect(() => parseWhere(where, 'Contact', FIELDS)).toThrow(WhereQueryError);
    expect(() => parseWhere(where, 'Contact', FIELDS)).toThrow(message);
  });
});

describe('order clauses', () => {
  it('parses fields and directions, canonicalising the field name', () => {
    expect(parseOrder('name ASC, UpdatedDateUTC desc, Total', 'Contact', FIELDS)).toEqual([
      { field: 'Name', descending: false },
      { field: 'UpdatedDateUTC', descending: true },
      { field: 'Total', descending: false },
    ]);
  });

  it.each(['Nope', 'Name SIDEWAYS', 'Name ASC DESC', ''])('refuses %p', (order) => {
    expect(() => parseOrder(order, 'Contact', FIELDS)).toThrow(WhereQueryError);
  });
});
