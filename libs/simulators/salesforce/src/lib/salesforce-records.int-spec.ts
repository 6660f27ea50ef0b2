import { Connection } from 'jsforce';

import { apiError, RunningSalesforce, startSalesforce } from '../../test/in-process-salesforce';
import { OrgCredentials } from './org/org-registry';

interface SaveResult {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
  created?: boolean;
}

/** sObject CRUD, upsert, describe and collections through jsforce, with their errors. */
describe('Salesforce simulator records through jsforce', () => {
  let sf: RunningSalesforce;
  let org: OrgCredentials;
  let conn: Connection;

  beforeAll(async () => {
    sf = await startSalesforce({ seed: 11 });
  });

  beforeEach(async () => {
    org = sf.newOrg();
    conn = await sf.authorized(org);
  });

  afterAll(() => sf.close());

  it('creates, retrieves, updates and deletes an Account', async () => {
    const created = await conn.sobject('Account').create({ Name: 'Acme', Phone: '+1 555 0100' });
    expect(created).toEqual({
      id: expect.stringMatching(/^001[0-9A-Za-z]{15}$/),
      success: true,
      errors: [],
    });
    const id = created.id as string;
    const account = await conn.sobject('Account').retrieve(id);
    expect(account).toMatchObject({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` },
      Id: id,
      Name: 'Acme',
      Phone: '+1 555 0100',
      IsDeleted: false,
      OwnerId: org.userId,
      Concord_Id__c: null,
      CreatedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/),
    });
    expect(account['SystemModstamp']).toBe(account['CreatedDate']);
    sf.simulator.control.clock.advance(5_000);
    expect(
      await conn.sobject('Account').update({ Id: id, Phone: null, Website: 'acme.example' }),
    ).toEqual({
      id,
      success: true,
      errors: [],
    });
    const updated = await conn.sobject('Account').retrieve(id);
    expect(updated).toMatchObject({ Phone: null, Website: 'acme.example' });
    expect(Date.parse(String(updated['LastModifiedDate']).replace('+0000', 'Z'))).toBeGreaterThan(
      Date.parse(String(account['LastModifiedDate']).replace('+0000', 'Z')),
    );
    const raw = await fetch(`${sf.url}/services/data/v62.0/sobjects/Account/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'Acme Corp' }),
    });
    expect(raw.status).toBe(204);
    expect(raw.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
    expect(await conn.sobject('Account').destroy(id)).toEqual({ id, success: true, errors: [] });
    expect(await apiError(conn.sobject('Account').retrieve(id))).toMatchObject({
      name: 'ENTITY_IS_DELETED',
    });
  });

  it('answers record errors as Salesforce does', async () => {
    const accounts = conn.sobject('Account');
    const missing = await apiError(accounts.create({ Phone: '1' }));
    expect(missing).toMatchObject({
      name: 'REQUIRED_FIELD_MISSING',
      message: 'Required fields are missing: [Name]',
    });
    expect(missing.data?.fields).toEqual(['Name']);
    expect(await apiError(accounts.create({ Name: 'x', Bogus__c: 1 }))).toMatchObject({
      name: 'INVALID_FIELD',
      message: "No such column 'Bogus__c' on sobject of type Account",
    });
    expect(await apiError(accounts.create({ Name: 'x', IsDeleted: true }))).toMatchObject({
      name: 'INVALID_FIELD_FOR_INSERT_UPDATE',
    });
    expect(await apiError(accounts.create({ Name: 'x'.repeat(256) }))).toMatchObject({
      name: 'STRING_TOO_LONG',
    });
    expect(await apiError(accounts.create({ Name: 'x', NumberOfEmployees: 'many' }))).toMatchObject(
      {
        name: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
      },
    );
    expect(await apiError(accounts.retrieve('001000000000000AAA'))).toMatchObject({
      name: 'NOT_FOUND',
    });
    expect(await apiError(accounts.retrieve('not-an-id'))).toMatchObject({ name: 'NOT_FOUND' });
    expect(await apiError(conn.sobject('Opportunity').create({ Name: 'x' }))).toMatchObject({
      name: 'NOT_FOUND',
    });
    expect(
      await apiError(conn.sobject('Contact').create({ LastName: 'x', Email: 'not-an-email' })),
    ).toMatchObject({ name: 'INVALID_EMAIL_ADDRESS' });
    const { id: accountId } = await accounts.create({ Name: 'Gone' });
    await accounts.destroy(accountId as string);
    expect(
      await apiError(conn.sobject('Contact').create({ LastName: 'x', AccountId: accountId })),
    ).toMatchObject({ name: 'INVALID_CROSS_REFERENCE_KEY' });
    expect(
      await apiError(conn.sobject('Contact').create({ LastName: 'x', AccountId: org.userId })),
    ).toMatchObject({
      name: 'MALFORMED_ID',
    });
    const put = await fetch(`${sf.url}/services/data/v62.0/sobjects/Account`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${conn.accessToken}` },
    });
    expect(put.status).toBe(405);
    expect(await put.json()).toEqual([
      {
        errorCode: 'METHOD_NOT_ALLOWED',
        message: "HTTP Method 'PUT' not allowed. Allowed are GET,POST",
      },
    ]);
  });

  it('relates Contacts to Accounts, computes Name, and cascades an Account delete', async () => {
    const { id: accountId } = await conn.sobject('Account').create({ Name: 'Parent' });
    const { id: contactId } = await conn.sobject('Contact').create({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      AccountId: accountId,
    });
    expect(contactId).toMatch(/^003/);
    expect(await conn.sobject('Contact').retrieve(contactId as string)).toMatchObject({
      Name: 'Ada Lovelace',
      AccountId: accountId,
    });
    await conn.sobject('Account').destroy(accountId as string);
    expect(await apiError(conn.sobject('Contact').retrieve(contactId as string))).toMatchObject({
      name: 'ENTITY_IS_DELETED',
    });
  });

  it('has the standard price book, and price book entries with its rules', async () => {
    const books = await conn.query<{ Id: string; IsStandard: boolean; Name: string }>(
      'SELECT Id, Name, IsStandard FROM Pricebook2 WHERE IsStandard = true',
    );
    expect(books.records).toHaveLength(1);
    const standard = books.records[0];
    expect(standard).toMatchObject({ Name: 'Standard Price Book', IsStandard: true });
    expect(standard.Id).toMatch(/^01s/);
    const { id: productId } = await conn
      .sobject('Product2')
      .create({ Name: 'Widget', ProductCode: 'W-1', IsActive: true });
    expect(productId).toMatch(/^01t/);
    const { id: customBook } = await conn
      .sobject('Pricebook2')
      .create({ Name: 'Partners', IsActive: true });
    expect(
      await apiError(
        conn
          .sobject('PricebookEntry')
          .create({ Pricebook2Id: customBook, Product2Id: productId, UnitPrice: 9 }),
      ),
    ).toMatchObject({ name: 'FIELD_INTEGRITY_EXCEPTION' });
    const { id: entryId } = await conn.sobject('PricebookEntry').create({
      Pricebook2Id: standard.Id,
      Product2Id: productId,
      UnitPrice: 12.5,
      IsActive: true,
    });
    expect(entryId).toMatch(/^01u/);
    expect(await conn.sobject('PricebookEntry').retrieve(entryId as string)).toMatchObject({
      Name: 'Widget',
      ProductCode: 'W-1',
      UnitPrice: 12.5,
      UseStandardPrice: false,
    });
    expect(
      await apiError(
        conn
          .sobject('PricebookEntry')
          .create({ Pricebook2Id: standard.Id, Product2Id: productId, UnitPrice: 1 }),
      ),
    ).toMatchObject({ name: 'DUPLICATE_VALUE' });
    expect(
      await apiError(
        conn.sobject('PricebookEntry').update({ Id: entryId as string, Product2Id: productId }),
      ),
    ).toMatchObject({ name: 'INVALID_FIELD_FOR_INSERT_UPDATE' });
    expect(await apiError(conn.sobject('Pricebook2').destroy(standard.Id))).toMatchObject({
      name: 'DELETE_FAILED',
    });
  });

  it('upserts by the Concord_Id__c external id: 201 created, then 200 updated', async () => {
    const first = await conn
      .sobject('Account')
      .upsert({ Concord_Id__c: 'cust-1', Name: 'First' }, 'Concord_Id__c');
    expect(first).toEqual({
      id: expect.stringMatching(/^001/),
      success: true,
      errors: [],
      created: true,
    });
    const second = await conn
      .sobject('Account')
      .upsert({ Concord_Id__c: 'cust-1', Name: 'Second' }, 'Concord_Id__c');
    expect(second).toEqual({
      id: (first as SaveResult).id,
      success: true,
      errors: [],
      created: false,
    });
    const byExternalId = await conn.request<Record<string, unknown>>(
      '/sobjects/Account/Concord_Id__c/CUST-1',
    );
    expect(byExternalId).toMatchObject({ Id: (first as SaveResult).id, Name: 'Second' });
    expect(
      await apiError(conn.sobject('Account').upsert({ Nope__c: 'x', Name: 'x' }, 'Nope__c')),
    ).toMatchObject({ name: 'NOT_FOUND' });
    const { id: otherId } = await conn
      .sobject('Account')
      .create({ Name: 'Other', Concord_Id__c: 'cust-2' });
    expect(
      await apiError(
        conn.sobject('Account').update({ Id: otherId as string, Concord_Id__c: 'cust-1' }),
      ),
    ).toMatchObject({ name: 'DUPLICATE_VALUE' });
  });

  it('describes objects, including whether an org has Concord_Id__c', async () => {
    const described = await conn.sobject('Account').describe();
    expect(described).toMatchObject({ name: 'Account', keyPrefix: '001', replicateable: true });
    expect(described.fields.find((field) => field.name === 'Concord_Id__c')).toMatchObject({
      externalId: true,
      unique: true,
      custom: true,
      type: 'string',
    });
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((sobject) => sobject.name).sort()).toEqual([
      'Account',
      'Contact',
      'Pricebook2',
      'PricebookEntry',
      'Product2',
    ]);
    const bare = sf.newOrg({ concordIdObjects: ['Account'] });
    const bareConn = await sf.authorized(bare);
    const contact = await bareConn.sobject('Contact').describe();
    expect(contact.fields.map((field) => field.name)).not.toContain('Concord_Id__c');
    expect(
      await apiError(
        bareConn.sobject('Contact').upsert({ Concord_Id__c: 'c', LastName: 'x' }, 'Concord_Id__c'),
      ),
    ).toMatchObject({ name: 'NOT_FOUND' });
    // A collection upsert by the missing field is refused whole; a write naming it, per record.
    expect(
      await apiError(
        bareConn.request({
          method: 'PATCH',
          url: '/composite/sobjects/Contact/Concord_Id__c',
          body: JSON.stringify({
            allOrNone: false,
            records: [{ attributes: { type: 'Contact' }, Concord_Id__c: 'c', LastName: 'x' }],
          }),
          headers: { 'content-type': 'application/json' },
        }),
      ),
    ).toMatchObject({
      name: 'NOT_FOUND',
      message: 'Provided external ID field does not exist or is not accessible: Concord_Id__c',
    });
    const written = await bareConn.request<Array<{ success: boolean; errors: unknown[] }>>({
      method: 'POST',
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: false,
        records: [{ attributes: { type: 'Contact' }, Concord_Id__c: 'c', LastName: 'x' }],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(written[0]).toMatchObject({
      success: false,
      errors: [
        expect.objectContaining({
          statusCode: 'INVALID_FIELD',
          message: "No such column 'Concord_Id__c' on sobject of type Contact",
        }),
      ],
    });
  });

  it('adds Concord_Id__c to an org that lacked it, as an admin would in Setup (control API)', async () => {
    const bare = sf.newOrg({ concordIdObjects: ['Product2'] });
    const bareConn = await sf.authorized(bare);
    const before = await bareConn.sobject('Account').create({ Name: 'Before the field' });
    expect(
      await sf.control('POST', '/orgs/concord-id-field', { orgId: bare.orgId, object: 'Account' }),
    ).toEqual({ orgId: bare.orgId, object: 'Account', added: true });
    const described = await bareConn.sobject('Account').describe();
    expect(described.fields.find((field) => field.name === 'Concord_Id__c')).toMatchObject({
      externalId: true,
      unique: true,
    });
    const upserted = await bareConn
      .sobject('Account')
      .upsert({ Concord_Id__c: 'after-1', Name: 'After the field' }, 'Concord_Id__c');
    expect(upserted).toMatchObject({ success: true, created: true });
    const rows = await bareConn.query<{ Name: string; Concord_Id__c: string | null }>(
      'SELECT Name, Concord_Id__c FROM Account ORDER BY Name',
    );
    expect(rows.records.map(({ Name, Concord_Id__c }) => ({ Name, Concord_Id__c }))).toEqual([
      { Name: 'After the field', Concord_Id__c: 'after-1' },
      { Name: 'Before the field', Concord_Id__c: null },
    ]);
    expect(before.success).toBe(true);
    expect(
      await sf.control('POST', '/orgs/concord-id-field', { orgId: bare.orgId, object: 'Account' }),
    ).toMatchObject({ added: false });
  });

  it('creates, updates, upserts and deletes through /composite/sobjects with per-record results', async () => {
    const created = await conn.request<SaveResult[]>({
      method: 'POST',
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: false,
        records: [
          { attributes: { type: 'Account' }, Name: 'One' },
          { attributes: { type: 'Account' }, Phone: 'no name' },
          { attributes: { type: 'Contact' }, LastName: 'Two' },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(created).toEqual([
      { id: expect.stringMatching(/^001/), success: true, errors: [] },
      {
        success: false,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [Name]',
            fields: ['Name'],
          },
        ],
      },
      { id: expect.stringMatching(/^003/), success: true, errors: [] },
    ]);
    const allOrNone = await conn.request<SaveResult[]>({
      method: 'POST',
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: true,
        records: [
          { attributes: { type: 'Account' }, Name: 'Rolled back' },
          { attributes: { type: 'Account' } },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(allOrNone.map((result) => result.errors[0]?.statusCode)).toEqual([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'REQUIRED_FIELD_MISSING',
    ]);
    expect((await conn.query("SELECT Id FROM Account WHERE Name = 'Rolled back'")).totalSize).toBe(
      0,
    );

    const updated = await conn.request<SaveResult[]>({
      method: 'PATCH',
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: false,
        records: [
          { attributes: { type: 'Account' }, Id: created[0].id, Name: 'One updated' },
          { attributes: { type: 'Account' }, Name: 'no id' },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(updated).toEqual([
      { id: created[0].id, success: true, errors: [] },
      { success: false, errors: [expect.objectContaining({ statusCode: 'MISSING_ARGUMENT' })] },
    ]);

    const upserted = await conn.request<SaveResult[]>({
      method: 'PATCH',
      url: '/composite/sobjects/Account/Concord_Id__c',
      body: JSON.stringify({
        allOrNone: false,
        records: [
          { attributes: { type: 'Account' }, Concord_Id__c: 'u-1', Name: 'Upserted' },
          { attributes: { type: 'Account' }, Concord_Id__c: 'u-1', Name: 'Upserted again' },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(upserted).toEqual([
      { id: expect.stringMatching(/^001/), success: true, errors: [], created: true },
      { id: upserted[0].id, success: true, errors: [], created: false },
    ]);

    const ids = [created[0].id, created[2].id, '001000000000000AAA'].join(',');
    const deleted = await conn.request<SaveResult[]>({
      method: 'DELETE',
      url: `/composite/sobjects?ids=${ids}`,
    });
    expect(deleted).toEqual([
      { id: created[0].id, success: true, errors: [] },
      { id: created[2].id, success: true, errors: [] },
      {
        id: '001000000000000AAA',
        success: false,
        errors: [expect.objectContaining({ statusCode: 'INVALID_CROSS_REFERENCE_KEY' })],
      },
    ]);
    const tooMany = Array.from({ length: 201 }, (_, i) => ({
      attributes: { type: 'Account' },
      Name: `n${i}`,
    }));
    expect(
      await apiError(
        conn.request({
          method: 'POST',
          url: '/composite/sobjects',
          body: JSON.stringify({ allOrNone: false, records: tooMany }),
          headers: { 'content-type': 'application/json' },
        }),
      ),
    ).toMatchObject({ name: 'EXCEEDED_ID_LIMIT' });
  });

  it("serves jsforce's own array create, retrieve, update and destroy through collections", async () => {
    const results = await conn
      .sobject('Account')
      .create([{ Name: 'A1' }, { Name: 'A2' }], { allOrNone: true });
    const ids = results.map((result) => result.id as string);
    expect(ids).toHaveLength(2);
    const records = await conn.sobject('Account').retrieve(ids);
    expect(records.map((record) => record['Name'])).toEqual(['A1', 'A2']);
    await conn.sobject('Account').update(ids.map((Id, i) => ({ Id, Name: `B${i}` })));
    expect(
      (await conn.sobject('Account').retrieve(ids, { fields: ['Name'] })).map((r) => r['Name']),
    ).toEqual(['B0', 'B1']);
    const destroyed = await conn.sobject('Account').destroy(ids);
    expect(destroyed.every((result) => result.success)).toBe(true);
  });

  it('serves versions, resources, basic info, field selection, external-id reads and deletes', async () => {
    const versions =
      await conn.request<{ version: string; label: string; url: string }[]>('/services/data');
    expect(versions).toContainEqual({
      version: '62.0',
      label: "Winter '25",
      url: '/services/data/v62.0',
    });
    expect(await conn.request('/')).toMatchObject({ sobjects: '/services/data/v62.0/sobjects' });
    expect(await conn.request('/sobjects/Account')).toMatchObject({
      objectDescribe: { name: 'Account', keyPrefix: '001' },
    });
    const { id } = await conn.sobject('Account').create({ Name: 'Fields', Concord_Id__c: 'f-1' });
    const partial = await conn.sobject('Account').retrieve(id as string, { fields: ['Name'] });
    expect(Object.keys(partial).sort()).toEqual(['Name', 'attributes']);
    expect(
      await conn.request(`/composite/sobjects/Account?ids=${id},001000000000000AAA&fields=Name`),
    ).toEqual([expect.objectContaining({ Name: 'Fields' }), null]);
    await conn.request({ method: 'DELETE', url: '/sobjects/Account/Concord_Id__c/f-1' });
    expect(await apiError(conn.sobject('Account').retrieve(id as string))).toMatchObject({
      name: 'ENTITY_IS_DELETED',
    });
    expect(await apiError(conn.request('/sobjects/Account/Concord_Id__c/f-1'))).toMatchObject({
      name: 'NOT_FOUND',
    });
    expect(await apiError(conn.request('/services/data/v12.0/limits'))).toMatchObject({
      name: 'NOT_FOUND',
    });
    expect(await apiError(conn.request('/query'))).toMatchObject({ name: 'MALFORMED_QUERY' });
    const broken = await fetch(`${sf.url}/services/data/v62.0/sobjects/Account`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' },
      body: '{"Name": ',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual([
      { errorCode: 'JSON_PARSER_ERROR', message: expect.stringContaining('not valid JSON') },
    ]);
  });
});
