import { concurrentFields, overwrittenFields } from './overwritten-report';

const base = { name: 'Ada' };
/** The catalog changed the name half a second before the source did. */
const atOnce = {
  localChangedAt: new Map([['name', new Date('2026-01-01T00:00:00.500Z')]]),
  changedAt: new Date('2026-01-01T00:00:01.000Z'),
};

describe('overwrittenFields', () => {
  it('names a field the source now holds as the catalog wrote it, over the event’s own change', () => {
    expect(
      overwrittenFields({
        system: 'stripe',
        current: { name: 'Ada (catalog)', email: 'a@example.com' },
        read: { name: 'Ada (catalog)', email: 'a@example.com' },
        reported: { name: 'Ada (stripe)', email: 'a@example.com' },
        base,
        lastOrigin: new Map([['name', 'api']]),
        ...atOnce,
      }),
    ).toEqual(['name']);
  });

  it('ignores a value the source wrote itself (a newer event read first)', () => {
    expect(
      overwrittenFields({
        system: 'stripe',
        current: { name: 'Ada, twice' },
        read: { name: 'Ada, twice' },
        reported: { name: 'Ada, once' },
        base,
        lastOrigin: new Map([['name', 'stripe']]),
        ...atOnce,
      }),
    ).toEqual([]);
  });

  it('ignores a field the catalog never changed from the base (the source reverted itself)', () => {
    expect(
      overwrittenFields({
        system: 'stripe',
        current: { name: 'Ada' },
        read: { name: 'Ada' },
        reported: { name: 'Ada (stripe)' },
        base,
        lastOrigin: new Map([['name', 'api']]),
        ...atOnce,
      }),
    ).toEqual([]);
  });

  it('ignores a field the source holds differently from the catalog', () => {
    expect(
      overwrittenFields({
        system: 'stripe',
        current: { name: 'Ada (catalog)' },
        read: { name: 'Ada (third)' },
        reported: { name: 'Ada (stripe)' },
        base,
        lastOrigin: new Map([['name', 'api']]),
        ...atOnce,
      }),
    ).toEqual([]);
  });

  it('ignores a field without a known origin, and one the event did not change', () => {
    const input = {
      system: 'stripe',
      current: { name: 'Ada (catalog)' },
      read: { name: 'Ada (catalog)' },
      reported: { name: 'Ada (stripe)' },
      base,
      ...atOnce,
    };
    expect(overwrittenFields({ ...input, lastOrigin: new Map() })).toEqual([]);
    expect(
      overwrittenFields({
        ...input,
        reported: { name: 'Ada' },
        lastOrigin: new Map([['name', 'api']]),
        ...atOnce,
      }),
    ).toEqual([]);
  });

  it('ignores a catalog edit made long before the source’s change (the source went back to it)', () => {
    expect(
      overwrittenFields({
        system: 'stripe',
        current: { name: 'Ada (catalog)' },
        read: { name: 'Ada (catalog)' },
        reported: { name: 'Ada (stripe)' },
        base,
        lastOrigin: new Map([['name', 'api']]),
        localChangedAt: new Map([['name', new Date('2026-01-01T00:00:00.500Z')]]),
        changedAt: new Date('2026-01-01T00:01:00.000Z'),
      }),
    ).toEqual([]);
  });
});

describe('concurrentFields', () => {
  const input = {
    system: 'stripe',
    taken: ['name'],
    baseline: { name: 'Ada (catalog)' },
    base: { name: 'Ada' },
    lastOrigin: new Map([['name', 'api']]),
    localChangedAt: new Map([['name', new Date('2026-01-01T00:00:00.500Z')]]),
    changedAt: new Date('2026-01-01T00:00:01.000Z'),
  };

  it('names a field the source changed on a base older than Concord’s write, within seconds of the catalog’s edit', () => {
    expect(concurrentFields(input)).toEqual(['name']);
  });

  it('ignores a change made on what Concord wrote, one long after the catalog’s edit, and the source’s own values', () => {
    expect(concurrentFields({ ...input, base: { name: 'Ada (catalog)' } })).toEqual([]);
    expect(concurrentFields({ ...input, changedAt: new Date('2026-01-01T00:00:05.000Z') })).toEqual(
      [],
    );
    expect(concurrentFields({ ...input, lastOrigin: new Map([['name', 'stripe']]) })).toEqual([]);
    expect(concurrentFields({ ...input, baseline: null })).toEqual([]);
  });
});
