import { ConnectorKitErrorCode } from '../errors/connector-kit-error-codes';
import { externalDeletePending, externalDeleteStands } from './external-delete';

const policy = (strategy: 'last-writer-wins' | 'catalog-wins' | 'external-wins') => ({
  default: strategy,
  fieldOwners: [],
});
const catalogChangedAt = '2026-12-05T10:00:00.000Z';
const before = new Date('2026-12-05T09:59:59.000Z');
const after = new Date('2026-12-05T10:00:01.000Z');

describe('externalDeleteStands', () => {
  it('follows catalog-wins and external-wins whatever the times', () => {
    for (const deletedAt of [before, after, null]) {
      expect(
        externalDeleteStands({ policy: policy('catalog-wins'), catalogChangedAt, deletedAt }),
      ).toBe(false);
      expect(
        externalDeleteStands({ policy: policy('external-wins'), catalogChangedAt, deletedAt }),
      ).toBe(true);
    }
  });

  it('lets the later side win under last-writer-wins, the catalog on a tie or an unknown time', () => {
    const lww = (deletedAt: Date | null) =>
      externalDeleteStands({ policy: policy('last-writer-wins'), catalogChangedAt, deletedAt });
    expect(lww(after)).toBe(true);
    expect(lww(before)).toBe(false);
    expect(lww(new Date(catalogChangedAt))).toBe(false);
    expect(lww(null)).toBe(false);
  });

  it('makes a retryable error naming the record', () => {
    expect(externalDeletePending('customer', 'cus_1')).toMatchObject({
      category: 'retryable',
      code: ConnectorKitErrorCode.EXTERNAL_DELETE_PENDING,
      details: { entityType: 'customer', externalId: 'cus_1' },
    });
  });
});
