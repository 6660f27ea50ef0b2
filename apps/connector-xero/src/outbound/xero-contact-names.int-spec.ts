import { randomUUID } from 'node:crypto';

import type { BatchItem, BatchItemResult, WriteBatch } from '@concord/connector-kit';
import type { CustomerContent } from '@concord/model';

import {
  type RecordingXeroSimulator,
  startRecordingXeroSimulator,
} from '../../test/recording-xero-simulator';
import { TestLinks, xeroConnection, xeroContext } from '../../test/xero-test-connection';
import { xeroContactMapper } from '../mappers/xero-contact.mapper';
import { xeroBatchWriter } from './xero-batch-writer';
import { xeroContactWriter } from './xero-contact.writer';

const customer = (name: string, email: string): CustomerContent => ({
  name,
  email,
  phone: null,
  address: null,
  currency: null,
  metadata: {},
});

/** Xero keeps contact names unique among active contacts; the catalog does not. */
describe('Xero contacts of customers sharing a name, xero-node against the Xero simulator', () => {
  let sim: RecordingXeroSimulator;
  let organisation: string;
  let links: TestLinks;
  const context = () =>
    xeroContext(xeroConnection(sim.listener.url, organisation), { links, existing: null });

  function item(
    content: CustomerContent,
    existing: string | null = null,
    entityId: string = randomUUID(),
  ): BatchItem<'customer', unknown> {
    return {
      entityId,
      mapped: xeroContactMapper.toExternal(content, context()),
      content,
      existing: existing ? { externalId: existing, parts: {} } : null,
      idempotencyKey: `concord-${randomUUID()}`,
      changedFields: null,
      catalogChangedAt: new Date().toISOString(),
    };
  }

  const write = (items: Array<BatchItem<'customer', unknown>>): Promise<BatchItemResult[]> =>
    xeroBatchWriter().writeBatch(
      { entityType: 'customer', operation: 'upsert', items } as unknown as WriteBatch<
        'customer',
        never
      >,
      context(),
    );

  const externalIdOf = (result: BatchItemResult | undefined): string => {
    if (result?.status !== 'written') throw new Error(`not written: ${JSON.stringify(result)}`);
    return result.externalId;
  };

  async function contact(contactId: string) {
    const { body } = await context().client.api.getContact(organisation, contactId);
    const found = body.contacts?.[0];
    if (!found) throw new Error(`no contact ${contactId}`);
    return found;
  }

  beforeAll(async () => {
    sim = await startRecordingXeroSimulator(17);
  });

  afterAll(() => sim.close());

  beforeEach(() => {
    organisation = randomUUID();
    links = new TestLinks();
  });

  it('writes the second customer of a name as "Name (short id)", read back as the catalog name', async () => {
    const first = item(customer('Shared Name', 'one@example.com'));
    const second = item(customer('Shared Name', 'two@example.com'));
    const results = await write([first, second]);

    const firstContact = await contact(externalIdOf(results[0]));
    const secondContact = await contact(externalIdOf(results[1]));
    expect(firstContact.name).toBe('Shared Name');
    expect(secondContact.name).toBe(`Shared Name (${second.entityId.slice(0, 8)})`);
    expect(secondContact.contactNumber).toBe(second.entityId);
    const read = xeroContactMapper.toCanonical(secondContact, context());
    expect(read.content).toMatchObject({ name: 'Shared Name', email: 'two@example.com' });
    // A name that merely looks suffixed (not by its own ContactNumber) is kept as it is.
    const other = { ...secondContact, contactNumber: randomUUID() };
    expect(xeroContactMapper.toCanonical(other, context()).content).toMatchObject({
      name: secondContact.name,
    });
  });

  it('renames a linked contact onto a name another contact holds, in a later batch', async () => {
    const [taken, renamed] = await write([
      item(customer('Holder', 'holder@example.com')),
      item(customer('Before Rename', 'renamed@example.com')),
    ]);
    const renamedId = externalIdOf(renamed);
    const entityId = (await contact(renamedId)).contactNumber as string;

    const [result] = await write([
      item(customer('Holder', 'renamed@example.com'), renamedId, entityId),
    ]);

    expect(externalIdOf(result)).toBe(renamedId);
    expect((await contact(renamedId)).name).toBe(`Holder (${entityId.slice(0, 8)})`);
    expect((await contact(externalIdOf(taken))).name).toBe('Holder');
  });

  it('creates one contact alone (the per-record writer) under a taken name', async () => {
    await write([item(customer('Alone', 'first@example.com'))]);
    const entityId = randomUUID();
    const content = customer('Alone', 'second@example.com');
    const ctx = context();
    const result = await xeroContactWriter.upsert(
      entityId,
      xeroContactMapper.toExternal(content, ctx),
      { ...ctx, content } as never,
    );
    expect((await contact(result.externalId)).name).toBe(`Alone (${entityId.slice(0, 8)})`);
  });
});
