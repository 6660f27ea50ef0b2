import { compareExternalVersions, isSnapshotBeforeWrite, isStaleChange } from './inbound-staleness';

describe('compareExternalVersions', () => {
  it('orders revision counters and timestamps, and refuses to order opaque versions', () => {
    expect(compareExternalVersions('9', '10')).toBeLessThan(0);
    expect(compareExternalVersions('2030-01-02T00:00:00Z', '2030-01-01T00:00:00Z')).toBeGreaterThan(
      0,
    );
    expect(compareExternalVersions('W/"abc"', 'W/"abd"')).toBeNull();
    expect(compareExternalVersions('10', '2030-01-01T00:00:00Z')).toBeNull();
  });
});

describe('isStaleChange', () => {
  const applied = { externalVersion: '5', changedAt: new Date('2030-01-01T10:00:00Z') };

  it('is never stale when nothing was applied', () => {
    expect(isStaleChange({ externalVersion: '1', changedAt: new Date(0) }, null)).toBe(false);
  });

  it('is stale when the version or the change time is older than the applied one', () => {
    expect(
      isStaleChange({ externalVersion: '4', changedAt: new Date('2030-01-02T00:00:00Z') }, applied),
    ).toBe(true);
    expect(
      isStaleChange(
        { externalVersion: null, changedAt: new Date('2030-01-01T09:00:00Z') },
        applied,
      ),
    ).toBe(true);
  });

  it('is not stale for the same or a newer change', () => {
    expect(isStaleChange({ externalVersion: '5', changedAt: applied.changedAt }, applied)).toBe(
      false,
    );
    expect(
      isStaleChange(
        { externalVersion: 'etag-x', changedAt: new Date('2030-01-01T11:00:00Z') },
        applied,
      ),
    ).toBe(false);
  });
});

describe('isSnapshotBeforeWrite', () => {
  const written = new Date('2030-01-01T10:00:00.500Z');
  const listing = (reason: string | undefined, time: string) => ({ time, data: { reason } });

  it('is true for a backfill or reconciliation listing published before the last write', () => {
    expect(isSnapshotBeforeWrite(listing('backfill', '2030-01-01T10:00:00.400Z'), written)).toBe(
      true,
    );
    expect(
      isSnapshotBeforeWrite(listing('reconciliation', '2030-01-01T10:00:00.499Z'), written),
    ).toBe(true);
  });

  it('is false for a listing published after the write, for events, and without a write', () => {
    expect(isSnapshotBeforeWrite(listing('backfill', '2030-01-01T10:00:00.500Z'), written)).toBe(
      false,
    );
    expect(isSnapshotBeforeWrite(listing('webhook', '2030-01-01T10:00:00.000Z'), written)).toBe(
      false,
    );
    expect(isSnapshotBeforeWrite(listing(undefined, '2030-01-01T10:00:00.000Z'), written)).toBe(
      false,
    );
    expect(isSnapshotBeforeWrite(listing('backfill', '2030-01-01T10:00:00.000Z'), null)).toBe(
      false,
    );
  });
});
