import { SeededRandom } from '../seeded-random';
import {
  FAULT_KINDS,
  faultKindsFor,
  planFaults,
  PROCESS_FAULTS,
  SIMULATOR_FAULTS,
} from './fault-plan';

describe('planFaults', () => {
  it('plans every kind of fault the given number of times', () => {
    const plan = planFaults(new SeededRandom(3), 2, 100_000);
    const kinds = [...plan.process, ...plan.simulator].map((f) => f.kind);
    expect(kinds).toHaveLength(FAULT_KINDS.length * 2);
    for (const kind of FAULT_KINDS) expect(kinds.filter((k) => k === kind)).toHaveLength(2);
    expect(plan.process.every((f) => (PROCESS_FAULTS as readonly string[]).includes(f.kind))).toBe(
      true,
    );
    expect(
      plan.simulator.every((f) => (SIMULATOR_FAULTS as readonly string[]).includes(f.kind)),
    ).toBe(true);
  });

  it('is the same plan for the same seed, another for another seed', () => {
    const plan = (seed: number) => planFaults(new SeededRandom(seed), 1, 150_000);
    expect(plan(11)).toEqual(plan(11));
    expect(plan(11)).not.toEqual(plan(12));
  });

  it('spreads the faults over the span with holds of a few seconds', () => {
    const plan = planFaults(new SeededRandom(5), 1, 150_000);
    const gaps = plan.simulator.reduce((sum, f) => sum + f.gapMs, 0);
    expect(gaps).toBeGreaterThan(150_000 * 0.45 * 0.4);
    expect(gaps).toBeLessThan(150_000 * 0.45 * 1.6);
    for (const fault of [...plan.process, ...plan.simulator]) {
      expect(fault.holdMs).toBeGreaterThanOrEqual(3000);
      expect(fault.holdMs).toBeLessThanOrEqual(7000);
    }
  });

  it("plans a system's connector kill only when the system is in the run", () => {
    const kinds = faultKindsFor(['stripe', 'xero']);
    expect(kinds).toContain('kill-connector-xero');
    expect(kinds).not.toContain('kill-connector-salesforce');
    const plan = planFaults(new SeededRandom(3), 1, 60_000, kinds);
    expect([...plan.process, ...plan.simulator].map((f) => f.kind).sort()).toEqual(
      [...kinds].sort(),
    );
  });
});
