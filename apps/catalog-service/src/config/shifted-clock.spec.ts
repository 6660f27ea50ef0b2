import { shiftProcessClock } from './shifted-clock';

describe('shiftProcessClock', () => {
  const RealDate = Date;
  afterEach(() => {
    globalThis.Date = RealDate;
  });

  it('moves Date.now() and new Date() by the offset, and leaves explicit dates alone', () => {
    const before = RealDate.now();
    shiftProcessClock(60_000);
    expect(Date.now() - before).toBeGreaterThanOrEqual(60_000);
    expect(new Date().getTime() - before).toBeGreaterThanOrEqual(60_000);
    expect(new Date(0).getTime()).toBe(0);
    expect(new Date('2026-01-02T03:04:05.000Z').toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(new Date() instanceof RealDate).toBe(true);
  });

  it('changes nothing for an offset of 0', () => {
    shiftProcessClock(0);
    expect(Date).toBe(RealDate);
  });
});
