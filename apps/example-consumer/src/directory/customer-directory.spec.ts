import { aCatalogEvent } from '@concord/testing';

import { CustomerDirectory } from './customer-directory';

describe('CustomerDirectory', () => {
  const created = aCatalogEvent('customer', {
    operation: 'created',
    entity: { version: 1, email: 'a@example.com' },
  });
  const updated = aCatalogEvent('customer', {
    operation: 'updated',
    entity: { ...created.data.entity, version: 2, email: 'b@example.com' },
  });

  it('applies newer versions and ignores duplicates and stale ones', () => {
    const directory = new CustomerDirectory();
    expect(directory.apply(created)).toBe('applied');
    expect(directory.apply(updated)).toBe('applied');
    expect(directory.apply(updated)).toBe('ignored');
    expect(directory.apply(created)).toBe('ignored');
    expect(directory.find(created.tenant)).toEqual([
      expect.objectContaining({ version: 2, email: 'b@example.com' }),
    ]);
    expect(directory.stats()).toEqual({ customers: 1, welcomed: 1, duplicatesIgnored: 2 });
  });

  it('filters by tenant and email and hides deleted customers', () => {
    const directory = new CustomerDirectory();
    directory.apply(created);
    expect(directory.find('another-tenant')).toEqual([]);
    expect(directory.find(created.tenant, { email: 'a@example.com' })).toHaveLength(1);
    directory.apply(
      aCatalogEvent('customer', {
        operation: 'deleted',
        entity: { ...created.data.entity, version: 2, deletedAt: new Date().toISOString() },
      }),
    );
    expect(directory.find(created.tenant)).toEqual([]);
  });
});
