import { aCatalogEvent } from '@concord/testing';

import { catalogEventProblems } from './lenient-validator';

describe('catalogEventProblems', () => {
  it('accepts a valid customer event', () => {
    expect(catalogEventProblems('customer', aCatalogEvent('customer'))).toEqual([]);
  });

  it('accepts a field added by a later minor release (consumers ignore unknown fields)', () => {
    const event = aCatalogEvent('customer') as unknown as {
      data: { entity: Record<string, unknown> };
    };
    event.data.entity['loyaltyTier'] = 'gold';
    expect(catalogEventProblems('customer', event)).toEqual([]);
  });

  it('names the path of a missing or mistyped field', () => {
    const event = aCatalogEvent('invoice') as unknown as {
      data: { entity: Record<string, unknown> };
    };
    delete event.data.entity['number'];
    event.data.entity['total'] = 'a lot';
    const paths = catalogEventProblems('invoice', event).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['data.entity', 'data.entity.total']));
  });

  it('refuses an event of another entity type', () => {
    expect(catalogEventProblems('product', aCatalogEvent('customer')).length).toBeGreaterThan(0);
  });
});
