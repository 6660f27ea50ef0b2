import { catalogLinksFor, encodeCatalogLinks, recordsReferencedBy } from './catalog-links';
import { MessageHeaders } from './message-headers';

const CUSTOMER = '5b7b0b8e-7f0e-4d8e-8a57-1d5f3f7a2c90';
const PRODUCT = '9a1c0a52-5d2f-4c1e-9b0e-2f6a7c3d4e5f';

describe('catalog links header', () => {
  it('carries each system its own links, and reads back only the asked system', () => {
    const header = encodeCatalogLinks([
      { system: 'stripe', entityType: 'customer', entityId: CUSTOMER, externalId: 'cus_1' },
      { system: 'stripe', entityType: 'product', entityId: PRODUCT, externalId: 'prod_1' },
      { system: 'xero', entityType: 'customer', entityId: CUSTOMER, externalId: 'c-9' },
    ]);
    const headers = { [MessageHeaders.links]: header };
    expect(catalogLinksFor(headers, 'stripe')).toEqual([
      { system: 'stripe', entityType: 'customer', entityId: CUSTOMER, externalId: 'cus_1' },
      { system: 'stripe', entityType: 'product', entityId: PRODUCT, externalId: 'prod_1' },
    ]);
    expect(catalogLinksFor(headers, 'salesforce')).toEqual([]);
  });

  it('is absent without links, and a missing or unreadable header carries none', () => {
    expect(encodeCatalogLinks([])).toBeUndefined();
    expect(catalogLinksFor({}, 'stripe')).toEqual([]);
    expect(catalogLinksFor({ [MessageHeaders.links]: '{not json' }, 'stripe')).toEqual([]);
    expect(
      catalogLinksFor(
        { [MessageHeaders.links]: '{"stripe":{"planet:x":"p","customer:":"c"}}' },
        'stripe',
      ),
    ).toEqual([]);
  });

  it("names an invoice's customer and each product once, beside the invoice", () => {
    const refs = recordsReferencedBy('invoice', {
      id: 'inv',
      customerId: CUSTOMER,
      lines: [{ productId: PRODUCT }, { productId: PRODUCT }, { productId: null }],
    } as never);
    expect(refs).toEqual([
      { entityType: 'invoice', entityId: 'inv' },
      { entityType: 'customer', entityId: CUSTOMER },
      { entityType: 'product', entityId: PRODUCT },
    ]);
  });
});
