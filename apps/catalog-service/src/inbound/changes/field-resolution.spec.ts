import { type FieldResolutionInput, resolveFields } from './field-resolution';

const T0 = new Date('2030-01-01T10:00:00Z');
const EARLIER = new Date('2030-01-01T09:00:00Z');
const LATER = new Date('2030-01-01T11:00:00Z');

function input(overrides: Partial<FieldResolutionInput>): FieldResolutionInput {
  return {
    entityType: 'customer',
    system: 'stripe',
    current: { name: 'Ada', phone: '+1 222', email: 'ada@example.com' },
    baseline: { name: 'Ada', phone: '+1 111', email: 'ada@example.com' },
    incoming: { phone: '+1 333' },
    changedAt: LATER,
    localChangedAt: () => T0,
    policy: { default: 'last-writer-wins', fieldOwners: [] },
    ...overrides,
  };
}

describe('resolveFields', () => {
  it('takes a field only the external side changed, without a conflict', () => {
    const result = resolveFields(input({ current: { phone: '+1 111' } }));
    expect(result).toEqual({ taken: { phone: '+1 333' }, conflicts: [], ignoredByOwnership: [] });
  });

  it('keeps a field only the catalog changed (the external value is the last synced one)', () => {
    const result = resolveFields(input({ incoming: { phone: '+1 111' } }));
    expect(result).toEqual({ taken: {}, conflicts: [], ignoredByOwnership: [] });
  });

  it('ignores reported values equal to the current ones', () => {
    expect(resolveFields(input({ incoming: { phone: '+1 222', name: 'Ada' } })).taken).toEqual({});
  });

  it('last-writer-wins: the later change wins; the catalog keeps ties', () => {
    const later = resolveFields(input({ changedAt: LATER }));
    expect(later.taken).toEqual({ phone: '+1 333' });
    expect(later.conflicts).toEqual([
      {
        field: 'phone',
        catalogValue: '+1 222',
        externalValue: '+1 333',
        winner: 'external',
        rule: 'last-writer-wins',
      },
    ]);
    expect(resolveFields(input({ changedAt: EARLIER })).conflicts[0].winner).toBe('catalog');
    expect(resolveFields(input({ changedAt: T0 })).conflicts[0].winner).toBe('catalog');
  });

  it('compares with the last local change of that field', () => {
    const clocks: Record<string, Date> = { phone: EARLIER, name: LATER };
    const result = resolveFields(
      input({ changedAt: T0, localChangedAt: (field) => clocks[field] }),
    );
    expect(result.conflicts[0]).toMatchObject({ field: 'phone', winner: 'external' });
  });

  it('catalog-wins and external-wins ignore the times', () => {
    const policy = (strategy: 'catalog-wins' | 'external-wins') => ({
      default: strategy,
      fieldOwners: [],
    });
    expect(resolveFields(input({ policy: policy('catalog-wins') })).taken).toEqual({});
    expect(
      resolveFields(input({ policy: policy('external-wins'), changedAt: EARLIER })).taken,
    ).toEqual({
      phone: '+1 333',
    });
  });

  it('treats every differing field as changed on both sides when nothing was synced yet', () => {
    const result = resolveFields(
      input({ baseline: null, incoming: { name: 'Ada L.', phone: '+1 222' }, changedAt: EARLIER }),
    );
    expect(result.conflicts.map((c) => [c.field, c.winner])).toEqual([['name', 'catalog']]);
  });

  it('lets a field owner win its field, and never takes an owned field from another side', () => {
    const policy = {
      default: 'external-wins' as const,
      fieldOwners: [
        { entityType: 'customer' as const, field: 'phone', owner: 'salesforce' },
        { entityType: 'customer' as const, field: 'email', owner: 'stripe' },
      ],
    };
    const result = resolveFields(
      input({
        policy,
        changedAt: EARLIER,
        current: { phone: '+1 111', email: 'local@example.com' },
        baseline: { phone: '+1 111', email: 'ada@example.com' },
        incoming: { phone: '+1 333', email: 'stripe@example.com' },
      }),
    );
    expect(result.taken).toEqual({ email: 'stripe@example.com' });
    expect(result.ignoredByOwnership).toEqual(['phone']);
    expect(result.conflicts).toEqual([
      expect.objectContaining({ field: 'email', winner: 'external', rule: 'owner:stripe' }),
    ]);
  });

  it('uses the given equality (e.g. invoice lines without their ids)', () => {
    const result = resolveFields(
      input({
        entityType: 'invoice',
        current: { lines: [{ id: 'a', quantity: 1 }] },
        baseline: { lines: [{ id: 'b', quantity: 1 }] },
        incoming: { lines: [{ id: 'c', quantity: 1 }] },
        sameValue: (_field, a, b) =>
          JSON.stringify((a as Array<{ quantity: number }>).map((l) => l.quantity)) ===
          JSON.stringify((b as Array<{ quantity: number }>).map((l) => l.quantity)),
      }),
    );
    expect(result).toEqual({ taken: {}, conflicts: [], ignoredByOwnership: [] });
  });
});
