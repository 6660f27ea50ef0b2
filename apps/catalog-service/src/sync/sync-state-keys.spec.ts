import type { SyncStateInput } from './sync-state.repository';
import { mergeSaves } from './sync-state-keys';

const save = (overrides: Partial<SyncStateInput>): SyncStateInput => ({
  tenantId: 'acme',
  entityType: 'customer',
  entityId: '00000000-0000-4000-8000-000000000001',
  system: 'stripe',
  state: 'synced',
  lastError: null,
  lastEventId: null,
  entityVersion: null,
  ...overrides,
});

describe('mergeSaves', () => {
  it('folds saves of one record and system as applying them in turn would leave the row', () => {
    const merged = mergeSaves([
      save({ state: 'failed', lastError: { code: 'X' }, lastEventId: 'e1', entityVersion: 2 }),
      save({ system: 'xero', entityVersion: 7 }),
      save({ state: 'synced', lastError: null, lastEventId: null, entityVersion: null }),
    ]);

    expect(merged).toEqual([
      save({ state: 'synced', lastError: null, lastEventId: 'e1', entityVersion: 2 }),
      save({ system: 'xero', entityVersion: 7 }),
    ]);
  });

  it('keeps the latest event id and version that were given', () => {
    expect(
      mergeSaves([save({ lastEventId: 'e1', entityVersion: 1 }), save({ entityVersion: 3 })]),
    ).toEqual([save({ lastEventId: 'e1', entityVersion: 3 })]);
  });
});
