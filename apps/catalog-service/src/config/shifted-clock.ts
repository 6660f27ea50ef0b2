/**
 * Shifts this process's clock (`Date.now()` and `new Date()`) by `offsetMs`, for tests that run
 * replicas whose clocks disagree (CONCORD_TEST_CLOCK_OFFSET_MS). The database clock is untouched,
 * which is the point: whatever must agree across replicas is taken from it. A no-op for 0.
 */
export function shiftProcessClock(offsetMs: number): void {
  if (offsetMs === 0) return;
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
