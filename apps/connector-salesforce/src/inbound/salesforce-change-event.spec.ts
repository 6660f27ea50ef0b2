import {
  isConcordChange,
  planChangeEventReads,
  type SalesforceChangeEvent,
} from './salesforce-change-event';

let replayId = 0;
function event(
  entityName: string,
  changeType: string,
  recordIds: string[],
  changeOrigin = 'com/salesforce/api/rest/62.0',
): SalesforceChangeEvent {
  replayId += 1;
  return {
    payload: {
      ChangeEventHeader: {
        entityName,
        recordIds,
        changeType,
        changeOrigin,
        changedFields: [],
        commitTimestamp: Date.UTC(2026, 0, 1, 0, 0, replayId),
      },
    },
    event: { replayId },
  };
}

describe('change events', () => {
  it("recognises Concord's own writes by the client in changeOrigin", () => {
    expect(
      isConcordChange(
        event('Account', 'UPDATE', ['a'], 'com/salesforce/api/rest/62.0;client=concord-connector'),
      ),
    ).toBe(true);
    expect(isConcordChange(event('Account', 'UPDATE', ['a']))).toBe(false);
    expect(
      isConcordChange(
        event('Account', 'UPDATE', ['a'], 'com/salesforce/api/rest/62.0;client=dataloader'),
      ),
    ).toBe(false);
    expect(isConcordChange(event('Account', 'UPDATE', ['a'], ''))).toBe(false);
  });

  it('reads each changed record once per batch, whatever number of events named it', () => {
    const reads = planChangeEventReads(
      [
        event('Account', 'CREATE', ['001A']),
        event('Account', 'UPDATE', ['001A', '001B']),
        event('Account', 'GAP_UPDATE', ['001C']),
        event('Product2', 'UPDATE', ['01tA']),
        event('PricebookEntry', 'UPDATE', ['01uA']),
        event('Contact', 'UPDATE', ['003A']),
        event('Opportunity', 'CREATE', ['006A']),
      ],
      'Account',
    );
    expect(reads).toEqual({
      customers: ['001A', '001B', '001C'],
      products: ['01tA'],
      entries: ['01uA'],
      contacts: [],
      deletes: [],
    });
  });

  it('turns a record deleted last into a delete at its commit time, and reads one restored after', () => {
    const deleted = event('Account', 'DELETE', ['001A']);
    const reads = planChangeEventReads(
      [
        event('Contact', 'UPDATE', ['003A']),
        event('Account', 'UPDATE', ['001A']),
        deleted,
        event('Contact', 'DELETE', ['003A']),
        event('Contact', 'UNDELETE', ['003A']),
        event('Product2', 'GAP_DELETE', ['01tA']),
        event('PricebookEntry', 'DELETE', ['01uA']),
      ],
      'Contact',
    );
    expect(reads).toEqual({
      customers: ['003A'],
      products: [],
      entries: [],
      contacts: [],
      deletes: [
        {
          entityType: 'product',
          externalId: '01tA',
          deletedAt: expect.any(String),
        },
      ],
    });
    const accounts = planChangeEventReads([deleted], 'Account');
    expect(accounts.deletes).toEqual([
      {
        entityType: 'customer',
        externalId: '001A',
        deletedAt: new Date(deleted.payload.ChangeEventHeader.commitTimestamp).toISOString(),
      },
    ]);
  });

  it('reads every changed Contact, deleted ones too, for its Account when customers are Accounts plus Contacts', () => {
    const reads = planChangeEventReads(
      [
        event('Account', 'UPDATE', ['001A']),
        event('Contact', 'UPDATE', ['003A']),
        event('Contact', 'DELETE', ['003B']),
        event('Account', 'DELETE', ['001B']),
      ],
      'Account',
      true,
    );
    expect(reads).toEqual({
      customers: ['001A'],
      products: [],
      entries: [],
      contacts: ['003A', '003B'],
      deletes: [{ entityType: 'customer', externalId: '001B', deletedAt: expect.any(String) }],
    });
    // Without the option, Contact events of an Account connection are ignored.
    expect(
      planChangeEventReads([event('Contact', 'UPDATE', ['003A'])], 'Account').contacts,
    ).toEqual([]);
  });
});
