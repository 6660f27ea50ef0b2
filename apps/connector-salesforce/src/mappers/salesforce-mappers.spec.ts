import { ValidationError } from '@concord/errors';
import type { CustomerContent, FieldMapping, ProductContent } from '@concord/model';

import { mappingContext } from '../../test/salesforce-mapping-context';
import { salesforceCustomerMapper } from './salesforce-customer.mapper';
import { salesforceFieldMappingProblem } from './salesforce-field-mappings';
import { salesforceInvoiceMapper } from './salesforce-invoice.mapper';
import { salesforceProductMapper } from './salesforce-product.mapper';

const contextWith = mappingContext;

const customer: CustomerContent = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '+44 20 7946 0000',
  address: {
    line1: '12 St James Sq',
    line2: 'Floor 2',
    city: 'London',
    postalCode: 'SW1Y 4JH',
    country: 'GB',
  },
  currency: 'GBP',
  metadata: { tier: 'gold' },
};

const product: ProductContent = {
  name: 'Analytical Engine',
  description: 'Steam powered',
  sku: 'AE-1',
  active: true,
  unitPrice: { amount: 199_950, currency: 'USD' },
  metadata: {},
};

describe('customer mapper', () => {
  it('writes an Account by default (name, phone, billing address) and reads it back unchanged', () => {
    const ctx = contextWith();
    const mapped = salesforceCustomerMapper.toExternal(customer, ctx);
    expect(mapped).toEqual({
      sObject: 'Account',
      fields: {
        Name: 'Ada Lovelace',
        Phone: '+44 20 7946 0000',
        BillingStreet: '12 St James Sq\nFloor 2',
        BillingCity: 'London',
        BillingState: null,
        BillingPostalCode: 'SW1Y 4JH',
        BillingCountry: 'GB',
      },
    });
    const back = salesforceCustomerMapper.toCanonical(
      {
        Id: '001000000000001AAA',
        IsDeleted: false,
        SystemModstamp: '2026-01-02T03:04:05.000+0000',
        ...mapped.fields,
      },
      ctx,
    );
    expect(back).toEqual({
      externalId: '001000000000001AAA',
      deleted: false,
      content: { name: customer.name, phone: customer.phone, address: customer.address },
      changedAt: '2026-01-02T03:04:05.000Z',
      externalVersion: '2026-01-02T03:04:05.000+0000',
      catalogId: null,
    });
  });

  it('writes a Contact when the connection says so: the whole name as last name, email, mailing address', () => {
    const ctx = contextWith({ customerObject: 'Contact' });
    const mapped = salesforceCustomerMapper.toExternal(customer, ctx);
    expect(mapped.sObject).toBe('Contact');
    expect(mapped.fields).toMatchObject({
      FirstName: null,
      LastName: 'Ada Lovelace',
      Email: 'ada@example.com',
      MailingCountry: 'GB',
    });
    const back = salesforceCustomerMapper.toCanonical(
      { Id: '003000000000001AAA', Name: 'Ada Lovelace', ...mapped.fields },
      ctx,
    );
    expect(back.content).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it('reports no address it cannot represent, and none at all as null', () => {
    const ctx = contextWith();
    const partial = salesforceCustomerMapper.toCanonical(
      { Id: '001', Name: 'X', BillingCity: 'Paris', BillingCountry: 'France' },
      ctx,
    );
    expect(partial.content).not.toHaveProperty('address');
    const none = salesforceCustomerMapper.toCanonical({ Id: '001', Name: 'X' }, ctx);
    expect(none.content.address).toBeNull();
    const deleted = salesforceCustomerMapper.toCanonical(
      { Id: '001', Name: 'X', IsDeleted: true },
      ctx,
    );
    expect(deleted.deleted).toBe(true);
  });

  it('refuses a customer object it does not know', () => {
    expect(() =>
      salesforceCustomerMapper.toExternal(customer, contextWith({ customerObject: 'Lead' })),
    ).toThrow(ValidationError);
  });

  it('follows field mappings: email to a custom field both ways, metadata keys outbound', () => {
    const ctx = contextWith({}, [
      { entityType: 'customer', canonicalField: 'email', externalField: 'Billing_Email__c' },
      {
        entityType: 'customer',
        canonicalField: 'metadata.tier',
        externalField: 'Tier__c',
        direction: 'outbound',
      },
    ]);
    const mapped = salesforceCustomerMapper.toExternal(customer, ctx);
    expect(mapped.fields).toMatchObject({ Billing_Email__c: 'ada@example.com', Tier__c: 'gold' });
    const back = salesforceCustomerMapper.toCanonical(
      { Id: '001', Name: 'Ada', Billing_Email__c: 'new@example.com', Tier__c: 'silver' },
      ctx,
    );
    expect(back.content.email).toBe('new@example.com');
    expect(back.content).not.toHaveProperty('metadata');
  });
});

describe('field mapping problems', () => {
  const mapping = (over: Partial<FieldMapping>): FieldMapping => ({
    entityType: 'customer',
    canonicalField: 'email',
    externalField: 'Email__c',
    ...over,
  });

  it('accepts custom fields and refuses what it cannot keep', () => {
    expect(salesforceFieldMappingProblem(mapping({}))).toBeNull();
    expect(salesforceFieldMappingProblem(mapping({ externalField: 'Website' }))).toMatch(
      /custom fields/,
    );
    expect(salesforceFieldMappingProblem(mapping({ externalField: 'Concord_Id__c' }))).toMatch(
      /catalog id/,
    );
    expect(salesforceFieldMappingProblem(mapping({ entityType: 'invoice' }))).toMatch(
      /customers and products/,
    );
    expect(salesforceFieldMappingProblem(mapping({ canonicalField: 'metadata.tier' }))).toMatch(
      /outbound only/,
    );
    expect(salesforceFieldMappingProblem(mapping({ canonicalField: 'currency' }))).toMatch(
      /maps email, phone/,
    );
  });
});

describe('product mapper', () => {
  it('writes Product2 fields and the standard price as a decimal, and reads them back', () => {
    const ctx = contextWith();
    const mapped = salesforceProductMapper.toExternal(product, ctx);
    expect(mapped).toEqual({
      product: {
        Name: 'Analytical Engine',
        IsActive: true,
        Description: 'Steam powered',
        ProductCode: 'AE-1',
      },
      unitPrice: 1999.5,
    });
    const back = salesforceProductMapper.toCanonical(
      {
        product: { Id: '01t1', SystemModstamp: '2026-01-01T00:00:00.000+0000', ...mapped.product },
        standardEntry: {
          Id: '01u1',
          UnitPrice: 1999.5,
          IsActive: true,
          SystemModstamp: '2026-01-02T00:00:00.000+0000',
        },
      },
      ctx,
    );
    expect(back.content).toEqual({
      name: 'Analytical Engine',
      active: true,
      description: 'Steam powered',
      sku: 'AE-1',
      unitPrice: { amount: 199_950, currency: 'USD' },
    });
    expect(back.externalVersion).toBe('2026-01-02T00:00:00.000+0000');
  });

  it('reads an inactive or missing entry as no price, and refuses a price in another currency', () => {
    const ctx = contextWith();
    const inactive = salesforceProductMapper.toCanonical(
      {
        product: { Id: '01t1', Name: 'P', IsActive: true },
        standardEntry: { Id: '01u', UnitPrice: 5, IsActive: false },
      },
      ctx,
    );
    expect(inactive.content.unitPrice).toBeNull();
    expect(() =>
      salesforceProductMapper.toExternal(
        { ...product, unitPrice: { amount: 100, currency: 'EUR' } },
        ctx,
      ),
    ).toThrow(ValidationError);
    const euros = contextWith({ currency: 'EUR' });
    expect(
      salesforceProductMapper.toExternal(
        { ...product, unitPrice: { amount: 100, currency: 'EUR' } },
        euros,
      ).unitPrice,
    ).toBe(1);
  });
});

describe('invoice mapper', () => {
  it('explains that invoices do not sync', () => {
    expect(() => salesforceInvoiceMapper.toExternal({} as never, contextWith())).toThrow(
      /no standard invoice object/,
    );
  });
});
