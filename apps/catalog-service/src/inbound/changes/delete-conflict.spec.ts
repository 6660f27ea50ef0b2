import { resolveDeleteConflict } from './delete-conflict';

const policy = (defaultRule: 'last-writer-wins' | 'catalog-wins' | 'external-wins') => ({
  default: defaultRule,
  fieldOwners: [],
});
const at = (iso: string) => new Date(iso);

describe('resolveDeleteConflict', () => {
  it('lets a delete of a record unchanged since the last sync simply apply', () => {
    expect(
      resolveDeleteConflict({
        policy: policy('catalog-wins'),
        catalogChangedSinceSync: false,
        deletedAt: at('2026-01-01T10:00:00Z'),
        localChangedAt: at('2026-01-01T11:00:00Z'),
      }),
    ).toBeNull();
  });

  it('keeps a record edited in the catalog after the external delete (last writer wins)', () => {
    expect(
      resolveDeleteConflict({
        policy: policy('last-writer-wins'),
        catalogChangedSinceSync: true,
        deletedAt: at('2026-01-01T10:00:00Z'),
        localChangedAt: at('2026-01-01T10:00:05Z'),
      }),
    ).toEqual({ winner: 'catalog', rule: 'last-writer-wins' });
    expect(
      resolveDeleteConflict({
        policy: policy('last-writer-wins'),
        catalogChangedSinceSync: true,
        deletedAt: at('2026-01-01T10:00:05Z'),
        localChangedAt: at('2026-01-01T10:00:00Z'),
      }),
    ).toEqual({ winner: 'external', rule: 'last-writer-wins' });
  });

  it('follows catalog-wins and external-wins whatever the times', () => {
    const input = {
      catalogChangedSinceSync: true,
      deletedAt: at('2026-01-01T12:00:00Z'),
      localChangedAt: at('2026-01-01T10:00:00Z'),
    };
    expect(resolveDeleteConflict({ ...input, policy: policy('catalog-wins') })?.winner).toBe(
      'catalog',
    );
    expect(resolveDeleteConflict({ ...input, policy: policy('external-wins') })?.winner).toBe(
      'external',
    );
  });
});
