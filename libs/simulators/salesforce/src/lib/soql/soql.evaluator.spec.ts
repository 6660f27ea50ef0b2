import { SeededRandom } from '@concord/simulators/core';

import { DAY_MS } from '../ids/salesforce-datetime';
import { SalesforceIdFactory } from '../ids/salesforce-id';
import { SalesforceOrg } from '../org/salesforce-org';
import { DmlTransaction } from '../records/dml-transaction';
import { executeSoql, SoqlResult } from './soql.evaluator';
import { parseSoql } from './soql.parser';
import { SoqlQueryError } from './soql-query.error';

const NOW = Date.parse('2026-03-10T12:00:00Z');

describe('SOQL evaluator', () => {
  let org: SalesforceOrg;
  const ids: Record<string, string> = {};

  const run = (query: string, includeDeleted = false, now = NOW): SoqlResult =>
    executeSoql(parseSoql(query), {
      schema: org.schema,
      store: org.store,
      version: '62.0',
      now,
      includeDeleted,
    });
  const names = (query: string, includeDeleted = false): unknown[] =>
    run(query, includeDeleted).records.map((record) => record['Name']);
  const write = (at: number, work: (tx: DmlTransaction) => void): void =>
    work(new DmlTransaction(at));

  beforeAll(() => {
    org = new SalesforceOrg(
      new SalesforceIdFactory(new SeededRandom(1).stream('ids')),
      { name: 'Test', username: 'test@example.com' },
      NOW - 10 * DAY_MS,
    );
    const account = org.schema.sobject('Account');
    const contact = org.schema.sobject('Contact');
    if (!account || !contact) throw new Error('the standard objects are missing');
    write(NOW - 3 * DAY_MS, (tx) => {
      ids['acme'] = org.writer.create(tx, account, {
        Name: 'Acme',
        AnnualRevenue: 100,
        Industry: 'Tech',
      });
      ids['globex'] = org.writer.create(tx, account, { Name: 'Globex', AnnualRevenue: 50 });
    });
    write(NOW - 1 * DAY_MS, (tx) => {
      ids['initech'] = org.writer.create(tx, account, { Name: 'initech', AnnualRevenue: null });
      ids['gone'] = org.writer.create(tx, account, { Name: 'Gone 100%' });
      ids['ada'] = org.writer.create(tx, contact, {
        FirstName: 'Ada',
        LastName: 'Lovelace',
        Email: 'ada@example.com',
        AccountId: ids['acme'],
      });
      ids['orphan'] = org.writer.create(tx, contact, { LastName: 'Orphan' });
    });
    write(NOW, (tx) => org.writer.delete(tx, account, ids['gone']));
  });

  it('filters with comparisons, case-insensitive text equality, AND/OR and parentheses', () => {
    expect(names("SELECT Name FROM Account WHERE Name = 'ACME'")).toEqual(['Acme']);
    expect(names('SELECT Name FROM Account WHERE AnnualRevenue > 60')).toEqual(['Acme']);
    expect(
      names('SELECT Name FROM Account WHERE AnnualRevenue <= 100 AND AnnualRevenue >= 50'),
    ).toEqual(['Acme', 'Globex']);
    expect(
      names(
        "SELECT Name FROM Account WHERE (Name = 'Globex' OR AnnualRevenue = null) AND Name != 'x'",
      ),
    ).toEqual(['Globex', 'initech']);
    expect(names("SELECT Name FROM Account WHERE NOT Name LIKE 'a%'")).toEqual([
      'Globex',
      'initech',
    ]);
    expect(names('SELECT Name FROM Account WHERE Industry != null')).toEqual(['Acme']);
    expect(names("SELECT Name FROM Account WHERE Industry != 'Tech'")).toEqual([
      'Globex',
      'initech',
    ]);
  });

  it('supports IN, NOT IN, LIKE wildcards and ids in 15 or 18 characters', () => {
    expect(names("SELECT Name FROM Account WHERE Name IN ('globex', 'Initech')")).toEqual([
      'Globex',
      'initech',
    ]);
    expect(names("SELECT Name FROM Account WHERE Name NOT IN ('Globex')")).toEqual([
      'Acme',
      'initech',
    ]);
    expect(names("SELECT Name FROM Account WHERE Name LIKE '_lobe%'")).toEqual(['Globex']);
    expect(names(`SELECT Name FROM Account WHERE Id = '${ids['acme'].slice(0, 15)}'`)).toEqual([
      'Acme',
    ]);
    expect(names("SELECT Name FROM Account WHERE Name LIKE '%100\\%'", true)).toEqual([
      'Gone 100%',
    ]);
  });

  it('compares date-times with ISO literals and date literals on the given clock', () => {
    expect(
      names('SELECT Name FROM Account WHERE CreatedDate < 2026-03-08T12:00:00.000+00:00'),
    ).toEqual(['Acme', 'Globex']);
    expect(names('SELECT Name FROM Account WHERE CreatedDate = YESTERDAY')).toEqual(['initech']);
    expect(names('SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:3')).toEqual([
      'Acme',
      'Globex',
      'initech',
    ]);
    expect(names('SELECT Name FROM Account WHERE CreatedDate = TODAY')).toEqual([]);
    expect(names('SELECT Name FROM Account WHERE SystemModstamp > YESTERDAY', true)).toEqual([
      'Gone 100%',
    ]);
  });

  it('orders (nulls first ascending, last descending), limits and offsets', () => {
    expect(names('SELECT Name FROM Account ORDER BY AnnualRevenue')).toEqual([
      'initech',
      'Globex',
      'Acme',
    ]);
    expect(names('SELECT Name FROM Account ORDER BY AnnualRevenue DESC')).toEqual([
      'Acme',
      'Globex',
      'initech',
    ]);
    expect(
      names('SELECT Name FROM Account ORDER BY AnnualRevenue DESC NULLS FIRST LIMIT 2'),
    ).toEqual(['initech', 'Acme']);
    expect(names('SELECT Name FROM Account ORDER BY Name LIMIT 1 OFFSET 1')).toEqual(['Globex']);
  });

  it('renders selected fields and one level of relationship fields', () => {
    const result = run(
      'SELECT Id, Name, Account.Name, Account.Industry FROM Contact ORDER BY Name',
    );
    expect(result.totalSize).toBe(2);
    expect(result.records).toEqual([
      {
        attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${ids['ada']}` },
        Id: ids['ada'],
        Name: 'Ada Lovelace',
        Account: {
          attributes: {
            type: 'Account',
            url: `/services/data/v62.0/sobjects/Account/${ids['acme']}`,
          },
          Name: 'Acme',
          Industry: 'Tech',
        },
      },
      {
        attributes: {
          type: 'Contact',
          url: `/services/data/v62.0/sobjects/Contact/${ids['orphan']}`,
        },
        Id: ids['orphan'],
        Name: 'Orphan',
        Account: null,
      },
    ]);
    expect(run("SELECT Name FROM Contact WHERE Account.Name = 'acme'").records).toHaveLength(1);
  });

  it('leaves deleted records to queryAll, where IsDeleted is true', () => {
    expect(run('SELECT COUNT() FROM Account')).toEqual({ totalSize: 3, records: [] });
    expect(run('SELECT COUNT() FROM Account', true).totalSize).toBe(4);
    expect(names('SELECT Name FROM Account WHERE IsDeleted = true', true)).toEqual(['Gone 100%']);
    expect(names('SELECT Name FROM Account WHERE IsDeleted = true')).toEqual([]);
  });

  it.each([
    ['SELECT Id FROM Opportunity', 'INVALID_TYPE', "sObject type 'Opportunity' is not supported"],
    ['SELECT Nope FROM Account', 'INVALID_FIELD', "No such column 'Nope' on entity 'Account'"],
    ['SELECT Boss.Name FROM Contact', 'INVALID_FIELD', "Didn't understand relationship 'Boss'"],
    [
      'SELECT Account.Nope FROM Contact',
      'INVALID_FIELD',
      "No such column 'Nope' on entity 'Account'",
    ],
    [
      "SELECT Id FROM Account WHERE CreatedDate > '2024-01-01'",
      'INVALID_FIELD',
      "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes",
    ],
    [
      'SELECT Id FROM Account WHERE Name = 5',
      'INVALID_FIELD',
      "value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes",
    ],
    [
      "SELECT Id FROM Account WHERE Id = 'abc'",
      'INVALID_QUERY_FILTER_OPERATOR',
      'invalid ID field: abc',
    ],
    ["SELECT Id FROM Account WHERE AnnualRevenue LIKE '1%'", 'INVALID_FIELD', 'LIKE'],
    [
      'SELECT Id FROM Account OFFSET 2001',
      'MALFORMED_QUERY',
      'Maximum SOQL offset allowed is 2000',
    ],
  ])('refuses %s with %s', (query, code, reason) => {
    let caught: unknown;
    try {
      run(query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SoqlQueryError);
    expect(caught).toMatchObject({ errorCode: code });
    expect((caught as SoqlQueryError).reason).toContain(reason);
  });
});
