import type { MappingContext } from '@concord/connector-kit';
import { ValidationError } from '@concord/errors';
import type { CustomerContent, FieldMapping } from '@concord/model';

import { mappingContext } from '../../test/salesforce-mapping-context';
import { primaryContactOf } from '../inbound/salesforce-primary-contacts';
import { personNameOf } from './salesforce-account-contact.mapper';
import { salesforceCustomerMapper } from './salesforce-customer.mapper';
import { customerMappingOf } from './salesforce-settings';

const contextWith = (
  settings: Record<string, string> = { customerObject: 'AccountWithContact' },
  fieldMappings: FieldMapping[] = [],
): MappingContext => mappingContext(settings, fieldMappings);

const customer: CustomerContent = {
  name: 'Ada King Lovelace',
  email: 'ada@example.com',
  phone: '+44 20 7946 0000',
  address: { line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
  currency: 'GBP',
  metadata: { tier: 'gold' },
};

const account = {
  Id: '001000000000001AAA',
  Name: 'Ada King Lovelace',
  BillingStreet: '12 St James Sq',
  BillingCity: 'London',
  BillingState: null,
  BillingPostalCode: 'SW1Y 4JH',
  BillingCountry: 'GB',
  Phone: '+1 555 0100',
  IsDeleted: false,
  SystemModstamp: '2026-01-01T00:00:00.000+0000',
  Concord_Id__c: 'cus_1',
};
const contact = {
  Id: '003000000000001AAA',
  AccountId: account.Id,
  FirstName: 'Ada King',
  LastName: 'Lovelace',
  Email: 'ada@example.com',
  Phone: '+44 20 7946 0000',
  IsDeleted: false,
  SystemModstamp: '2026-01-02T00:00:00.000+0000',
  Concord_Id__c: 'cus_1',
};

describe('customer as an Account plus its primary Contact (customerObject: AccountWithContact)', () => {
  it('writes the company to the Account and the person (name split, email, phone) to the Contact', () => {
    expect(salesforceCustomerMapper.toExternal(customer, contextWith())).toEqual({
      sObject: 'Account',
      fields: {
        Name: 'Ada King Lovelace',
        BillingStreet: '12 St James Sq',
        BillingCity: 'London',
        BillingState: null,
        BillingPostalCode: 'SW1Y 4JH',
        BillingCountry: 'GB',
      },
      contact: {
        FirstName: 'Ada King',
        LastName: 'Lovelace',
        Email: 'ada@example.com',
        Phone: '+44 20 7946 0000',
      },
    });
  });

  it('splits a name into first and last name: the last word is the last name', () => {
    expect(personNameOf('Ada Lovelace')).toEqual({ FirstName: 'Ada', LastName: 'Lovelace' });
    expect(personNameOf('  Plato ')).toEqual({ FirstName: null, LastName: 'Plato' });
    expect(personNameOf(`${'A'.repeat(50)} ${'B'.repeat(90)}`)).toEqual({
      FirstName: 'A'.repeat(40),
      LastName: 'B'.repeat(80),
    });
  });

  it('reads one customer from the pair: name and address of the Account, email and phone of the Contact, the later stamp as version', () => {
    const record = salesforceCustomerMapper.toCanonical({ account, contact }, contextWith());
    expect(record).toEqual({
      externalId: account.Id,
      deleted: false,
      content: {
        name: 'Ada King Lovelace',
        email: 'ada@example.com',
        phone: '+44 20 7946 0000',
        address: {
          line1: '12 St James Sq',
          city: 'London',
          postalCode: 'SW1Y 4JH',
          country: 'GB',
        },
      },
      changedAt: '2026-01-02T00:00:00.000Z',
      externalVersion: contact.SystemModstamp,
      catalogId: account.Concord_Id__c,
    });
    // Read back, what Concord wrote maps to the content it came from (no echo).
    const written = salesforceCustomerMapper.toExternal(customer, contextWith());
    expect(record.content.name).toBe(written.fields['Name']);
  });

  it('reports an Account without a Contact with no email or phone, and a deleted Account as a delete', () => {
    const alone = salesforceCustomerMapper.toCanonical({ account, contact: null }, contextWith());
    expect(alone.content).toMatchObject({ email: null, phone: null });
    expect(alone.externalVersion).toBe(account.SystemModstamp);
    const gone = salesforceCustomerMapper.toCanonical(
      { account: { ...account, IsDeleted: true }, contact: null },
      contextWith(),
    );
    expect(gone.deleted).toBe(true);
  });

  it("puts email and phone mappings on the Contact's custom fields and metadata mappings on the Account", () => {
    const ctx = contextWith({ customerObject: 'AccountWithContact' }, [
      { entityType: 'customer', canonicalField: 'email', externalField: 'Work_Email__c' },
      {
        entityType: 'customer',
        canonicalField: 'metadata.tier',
        externalField: 'Tier__c',
        direction: 'outbound',
      },
    ]);
    const mapped = salesforceCustomerMapper.toExternal(customer, ctx);
    expect(mapped.fields['Tier__c']).toBe('gold');
    expect(mapped.contact).toEqual({
      FirstName: 'Ada King',
      LastName: 'Lovelace',
      Phone: '+44 20 7946 0000',
      Work_Email__c: 'ada@example.com',
    });
    const read = salesforceCustomerMapper.toCanonical(
      {
        account,
        contact: { ...contact, Email: 'other@example.com', Work_Email__c: 'w@example.com' },
      },
      ctx,
    );
    expect(read.content.email).toBe('w@example.com');
  });

  it('refuses an unknown customerObject, naming the field and the three choices', () => {
    const ctx = contextWith({ customerObject: 'AccountAndContact' });
    expect(() => salesforceCustomerMapper.toExternal(customer, ctx)).toThrow(ValidationError);
    expect(() => customerMappingOf(ctx.connection)).toThrow(
      'settings.customerObject must be Account, Contact or AccountWithContact, not AccountAndContact',
    );
  });
});

describe('the primary Contact of an Account', () => {
  const older = { Id: '003A', Concord_Id__c: null };
  const tagged = { Id: '003B', Concord_Id__c: 'CUS_1' };
  const foreign = { Id: '003C', Concord_Id__c: 'cus_2' };

  it("is the Contact carrying the customer's catalog id (case-insensitive), whatever its age", () => {
    expect(primaryContactOf([foreign, older, tagged], 'cus_1')?.Id).toBe('003B');
  });

  it('is otherwise the oldest Contact without a catalog id, never one carrying another', () => {
    expect(primaryContactOf([foreign, older], 'cus_1')?.Id).toBe('003A');
    expect(primaryContactOf([foreign, older], null)?.Id).toBe('003A');
    expect(primaryContactOf([foreign], 'cus_1')).toBeNull();
  });
});
