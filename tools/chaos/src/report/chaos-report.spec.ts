import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { FAULT_KINDS, type FaultKind } from '../faults/fault-plan';
import { type ChaosOutcome, checksOf, renderReport, writeResults } from './chaos-report';

function outcome(overrides: Partial<ChaosOutcome> = {}): ChaosOutcome {
  return {
    seed: 7,
    short: true,
    operations: new Map([['catalog customer create', 300]]),
    totalOperations: 300,
    minOperations: 300,
    retries: { catalog: 2, stripe: 3 },
    handovers: 4,
    handoversDeferred: 1,
    records: { oracle: 10, catalog: 10, stripe: 10 },
    workloadFailures: [],
    faults: new Map(FAULT_KINDS.map((kind) => [kind, 1] as [FaultKind, number])),
    faultErrors: [],
    problems: [],
    deadLetters: [],
    dlqTopicMessages: 0,
    convergenceMs: 1500,
    contests: 3,
    massDelete: { deleted: 15, tripped: true, held: 6, stray: [], approved: 6, detail: 'held 6' },
    ...overrides,
  };
}

const failedChecks = (o: ChaosOutcome) =>
  checksOf(o)
    .filter((c) => !c.passed)
    .map((c) => c.name);

describe('chaos checks and report', () => {
  it('passes a clean run', () => {
    expect(failedChecks(outcome())).toEqual([]);
  });

  it('fails on too few operations, a missing fault kind, problems and unexplained dead letters', () => {
    const faults = new Map(FAULT_KINDS.map((kind) => [kind, 1] as [FaultKind, number]));
    faults.delete('restart-postgres');
    const failed = failedChecks(
      outcome({
        totalOperations: 299,
        faults,
        problems: [{ kind: 'loss', record: 'cu1', field: 'name', detail: 'x' }],
        deadLetters: [
          {
            letter: {
              id: 'd1',
              consumerGroup: 'g',
              topic: 't',
              error: { code: 'X', category: 'c', message: '' },
            },
            explainedBy: [],
          },
        ],
      }),
    );
    expect(failed).toEqual([
      'at least 300 operations',
      'fault restart-postgres injected',
      'no lost updates',
      'every dead letter explained',
    ]);
  });

  it('leaves the contest checks out without --contests', () => {
    const names = checksOf(outcome({ contests: null })).map((c) => c.name);
    expect(names).not.toContain('every contest recorded as a conflict');
    expect(names).toContain('the deliberate mass delete held by the guard');
  });

  it('fails without a contest, on a contest without its conflict, and on a mass delete not held', () => {
    const failed = failedChecks(
      outcome({
        contests: 0,
        problems: [{ kind: 'conflict', record: 'cu4', field: 'name', detail: 'x' }],
        massDelete: { deleted: 15, tripped: false, held: 0, stray: [], approved: 0, detail: '' },
      }),
    );
    expect(failed).toEqual([
      'simultaneous writes made (contests)',
      'every contest recorded as a conflict',
      'the deliberate mass delete held by the guard',
    ]);
    const stray = failedChecks(
      outcome({
        massDelete: { deleted: 15, tripped: true, held: 2, stray: ['x'], approved: 2, detail: '' },
      }),
    );
    expect(stray).toEqual(['the deliberate mass delete held by the guard']);
  });

  it('checks the broker that lost its data unless --no-broker-loss, and fails it when not settled first', () => {
    const names = (o: ChaosOutcome) => checksOf(o).map((c) => c.name);
    const check = 'the broker lost its data once both sides agreed, and writes followed';
    expect(names(outcome())).not.toContain(check);
    const healed = { settledBefore: true, downSeconds: 19, writesAfter: 24, detail: 'settled' };
    expect(failedChecks(outcome({ brokerLoss: healed }))).toEqual([]);
    expect(renderReport(outcome({ brokerLoss: healed }), [])).toContain('broker lost its data');
    expect(
      failedChecks(outcome({ brokerLoss: { ...healed, settledBefore: false, detail: 'no' } })),
    ).toEqual([check]);
  });

  it('lists every problem with its record and field', () => {
    const text = renderReport(
      outcome({
        problems: [{ kind: 'mismatch', record: 'pr3', field: 'amount', detail: '1 vs 2' }],
      }),
      [],
    );
    expect(text).toContain('MISMATCH pr3 amount: 1 vs 2');
    expect(text).toContain('seed 7 (--short)');
  });

  it('writes a summary file that npm test adds to its totals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-results-'));
    writeResults(dir, [
      { name: 'a', passed: true },
      { name: 'b', passed: false },
    ]);
    const [file] = readdirSync(dir);
    expect(file).toBe(`chaos-${process.pid}.json`);
    expect(JSON.parse(readFileSync(join(dir, file), 'utf8'))).toEqual({
      project: 'chaos',
      passed: 1,
      failed: 1,
      skipped: 0,
      suitesFailed: 0,
      success: false,
      failures: [{ file: 'tools/chaos', test: 'b', reason: 'see the chaos report above' }],
    });
  });

  it("puts a failed run's first problem lines into the summary, so a CI log's end shows them", () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-results-'));
    const problems = Array.from({ length: 14 }, (_, i) => `  LOSS pr${i} name: lost`);
    writeResults(dir, [{ name: 'no lost updates', passed: false }], problems);
    const [file] = readdirSync(dir);
    const { failures } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      failures: Array<{ reason: string }>;
    };
    const reason = failures[0].reason.split('\n');
    expect(reason[0]).toBe('see the chaos report above');
    expect(reason[1]).toBe('LOSS pr0 name: lost');
    expect(reason).toHaveLength(14);
    expect(reason[13]).toBe('… and 2 more in the report');
  });
});
