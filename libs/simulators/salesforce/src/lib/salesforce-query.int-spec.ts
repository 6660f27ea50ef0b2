import { Connection, SfDate } from 'jsforce';

import { apiError, RunningSalesforce, startSalesforce } from '../../test/in-process-salesforce';
import { DAY_MS } from './ids/salesforce-datetime';

/** SOQL queries, paging and the replication resources through jsforce. */
describe('Salesforce simulator queries through jsforce', () => {
  let sf: RunningSalesforce;
  let conn: Connection;

  const createAccounts = async (count: number, prefix: string): Promise<string[]> => {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 200) {
      const records = Array.from({ length: Math.min(200, count - start) }, (_, i) => ({
        attributes: { type: 'Account' },
        Name: `${prefix}-${String(start + i).padStart(4, '0')}`,
      }));
      const results = await conn.request<{ id: string; success: boolean }[]>({
        method: 'POST',
        url: '/composite/sobjects',
        body: JSON.stringify({ allOrNone: true, records }),
        headers: { 'content-type': 'application/json' },
      });
      ids.push(...results.map((result) => result.id));
    }
    return ids;
  };

  beforeAll(async () => {
    sf = await startSalesforce({ seed: 3 });
  });

  beforeEach(async () => {
    conn = await sf.authorized(sf.newOrg());
  });

  afterAll(() => sf.close());

  it('pages with nextRecordsUrl honouring Sforce-Query-Options batchSize, and autoFetch reads all', async () => {
    await createAccounts(450, 'paged');
    const headers = { 'Sforce-Query-Options': 'batchSize=200' };
    const first = await conn.query<{ Name: string }>('SELECT Id, Name FROM Account ORDER BY Name', {
      headers,
    });
    expect(first).toMatchObject({ totalSize: 450, done: false });
    expect(first.records).toHaveLength(200);
    expect(first.nextRecordsUrl).toMatch(
      /\/services\/data\/v62\.0\/query\/01g[0-9A-Za-z]{15}-200$/,
    );
    const second = await conn.queryMore<{ Name: string }>(first.nextRecordsUrl as string);
    expect(second.records.map((record) => record.Name)[0]).toBe('paged-0200');
    expect(second.done).toBe(false);
    const third = await conn.queryMore<{ Name: string }>(second.nextRecordsUrl as string);
    expect(third).toMatchObject({ done: true, totalSize: 450 });
    expect(third.records).toHaveLength(50);
    expect(third.nextRecordsUrl).toBeUndefined();

    const raw = await fetch(`${sf.url}/services/data/v62.0/query?q=SELECT+Id+FROM+Account`, {
      headers: {
        authorization: `Bearer ${conn.accessToken}`,
        'sforce-query-options': 'batchSize=10',
      },
    });
    const rawPage = (await raw.json()) as { nextRecordsUrl: string; records: unknown[] };
    expect(rawPage.records).toHaveLength(200);
    expect(rawPage.nextRecordsUrl).toMatch(
      /^\/services\/data\/v62\.0\/query\/01g[0-9A-Za-z]{15}-200$/,
    );

    const all = await conn.query<{ Name: string }>('SELECT Name FROM Account ORDER BY Name DESC', {
      autoFetch: true,
      maxFetch: 10_000,
      headers,
    });
    expect(all.records).toHaveLength(450);
    expect(all.records[0].Name).toBe('paged-0449');
    const defaultBatch = await conn.query('SELECT Id FROM Account');
    expect(defaultBatch).toMatchObject({ done: true, totalSize: 450 });
    expect(defaultBatch.records).toHaveLength(450);
    expect(await apiError(conn.queryMore(`${first.nextRecordsUrl}0`))).toMatchObject({
      name: 'INVALID_QUERY_LOCATOR',
    });
  });

  it('queries relationship fields, and queryAll includes deleted records', async () => {
    const [accountId, deletedId] = await createAccounts(2, 'rel');
    await conn.sobject('Contact').create({ LastName: 'Child', AccountId: accountId });
    const contacts = await conn.query<{ Account: { Name: string } }>(
      "SELECT Id, Account.Name FROM Contact WHERE Account.Name LIKE 'rel-%'",
    );
    expect(contacts.records[0].Account.Name).toBe('rel-0000');
    await conn.sobject('Account').destroy(deletedId);
    expect((await conn.query('SELECT Id FROM Account')).totalSize).toBe(1);
    const withDeleted = await conn.query<{ Id: string; IsDeleted: boolean }>(
      'SELECT Id, IsDeleted FROM Account WHERE IsDeleted = true',
      { scanAll: true },
    );
    expect(withDeleted.records).toEqual([
      expect.objectContaining({ Id: deletedId, IsDeleted: true }),
    ]);
  });

  it("runs the SOQL jsforce's query builder writes (find, findOne, count)", async () => {
    await conn.sobject('Account').create([
      { Name: "O'Brien", AnnualRevenue: 5 },
      { Name: 'Zed', AnnualRevenue: 50, Industry: 'Tech' },
    ]);
    const liked = await conn
      .sobject('Account')
      .find({ Name: { $like: 'O%' } }, ['Id', 'Name'])
      .sort({ Name: -1 })
      .limit(5);
    expect(liked.map((record) => record['Name'])).toEqual(["O'Brien"]);
    const recent = SfDate.toDateTimeLiteral(new Date(sf.simulator.control.clock.now() - 60_000));
    const either = await conn.sobject('Account').find(
      {
        $or: [{ Name: "O'Brien" }, { AnnualRevenue: { $gte: 10 } }],
        CreatedDate: { $gte: recent },
      },
      'Id, Name',
    );
    expect(either).toHaveLength(2);
    // Without a field list jsforce describes the object and selects every field.
    const everyField = await conn
      .sobject('Account')
      .find({ Name: { $in: ['Zed', 'x'] }, Phone: { $exists: false } });
    expect(everyField).toEqual([expect.objectContaining({ Name: 'Zed', Industry: 'Tech' })]);
    expect(await conn.sobject('Account').count({ Industry: { $ne: null } })).toBe(1);
    expect(await conn.sobject('Account').findOne({ Name: 'Zed' }, ['Id'])).toMatchObject({
      Id: expect.stringMatching(/^001/),
    });
  });

  it('answers bad SOQL with MALFORMED_QUERY, INVALID_TYPE and INVALID_FIELD', async () => {
    const malformed = await apiError(conn.query('SELECT Id FROM Account GROUP BY Name'));
    expect(malformed.name).toBe('MALFORMED_QUERY');
    expect(malformed.message).toContain('ERROR at Row:1:Column:24');
    expect(malformed.message).toContain("unexpected token: 'GROUP'");
    expect(await apiError(conn.query('SELECT Id FROM Lead'))).toMatchObject({
      name: 'INVALID_TYPE',
    });
    expect(await apiError(conn.query('SELECT Bogus FROM Account'))).toMatchObject({
      name: 'INVALID_FIELD',
    });
  });

  it('lists updated and deleted ids within the replication windows', async () => {
    const clock = sf.simulator.control.clock;
    const start = new Date(clock.now() - 60_000);
    const [kept, removed] = await createAccounts(2, 'repl');
    await conn.sobject('Account').destroy(removed);
    clock.advance(120_000);
    const end = new Date(clock.now());
    const updated = await conn.sobject('Account').updated(start, end);
    expect(updated.ids).toEqual([kept]);
    expect(updated.latestDateCovered).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000\+0000$/);
    const deleted = await conn.sobject('Account').deleted(start, end);
    expect(deleted.deletedRecords).toEqual([
      { id: removed, deletedDate: expect.stringMatching(/\+0000$/) },
    ]);
    expect(deleted).toHaveProperty('earliestDateAvailable');

    const tooOld = new Date(clock.now() - 31 * DAY_MS);
    expect(await apiError(conn.sobject('Account').updated(tooOld, end))).toMatchObject({
      name: 'INVALID_REPLICATION_DATE',
      message: 'start cannot be more than 30 days ago',
    });
    const deletedTooOld = new Date(clock.now() - 16 * DAY_MS);
    expect(await apiError(conn.sobject('Account').deleted(deletedTooOld, end))).toMatchObject({
      name: 'INVALID_REPLICATION_DATE',
      message: 'start cannot be more than 15 days ago',
    });
    expect(await apiError(conn.sobject('Account').updated(end, start))).toMatchObject({
      name: 'INVALID_REPLICATION_DATE',
    });
    expect(
      await apiError(conn.request('/sobjects/Account/updated/?start=yesterday&end=now')),
    ).toMatchObject({
      name: 'INVALID_REPLICATION_DATE',
    });
  });
});
