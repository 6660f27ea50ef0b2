import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { FAULT_KINDS, type FaultKind } from '../faults/fault-plan';
import type { ObservedCounts } from '../verify/convergence';
import type { DeadLetterVerdict } from '../verify/dead-letters';
import type { Problem } from '../verify/observed';
import { EXTERNAL_SYSTEMS, SYSTEM_LABELS } from '../verify/systems';
import type { BrokerLossResult } from '../workload/broker-loss';
import type { MassDeleteResult } from '../workload/mass-delete';

/** Everything a run measured, and the checks that decide its exit code. */
export interface ChaosOutcome {
  seed: number;
  short: boolean;
  operations: Map<string, number>;
  totalOperations: number;
  minOperations: number;
  /** Retried client writes by side (catalog, Stripe, Salesforce and Xero edits). */
  retries: Record<string, number>;
  handovers: number;
  handoversDeferred: number;
  /** Records the workload created (oracle), and records read from each side at the end. */
  records: { oracle: number } & ObservedCounts;
  workloadFailures: string[];
  faults: Map<FaultKind, number>;
  /** The fault kinds the run planned (all when absent). */
  faultKinds?: readonly FaultKind[];
  faultErrors: string[];
  problems: Problem[];
  deadLetters: DeadLetterVerdict[];
  /** Messages on the dlq.* topics that the dead-letter API does not show. */
  dlqTopicMessages: number;
  convergenceMs: number | null;
  /** Customers both sides renamed at the same moment; null without `--contests`. */
  contests: number | null;
  /** The deliberate mass delete after the workload, and what the guard did with it. */
  massDelete: MassDeleteResult;
  /** The broker that lost its data after the workload; null with `--no-broker-loss`. */
  brokerLoss?: BrokerLossResult | null;
}

export interface Check {
  name: string;
  passed: boolean;
}

export function checksOf(outcome: ChaosOutcome): Check[] {
  const count = (kind: Problem['kind']) => outcome.problems.filter((p) => p.kind === kind).length;
  return [
    {
      name: `at least ${outcome.minOperations} operations`,
      passed: outcome.totalOperations >= outcome.minOperations,
    },
    { name: 'every client write completed', passed: outcome.workloadFailures.length === 0 },
    ...(outcome.faultKinds ?? FAULT_KINDS).map((kind) => ({
      name: `fault ${kind} injected`,
      passed: (outcome.faults.get(kind) ?? 0) > 0,
    })),
    { name: 'every fault recovered', passed: outcome.faultErrors.length === 0 },
    { name: 'converged', passed: outcome.convergenceMs !== null },
    { name: 'no mismatches', passed: count('mismatch') === 0 },
    { name: 'no duplicates', passed: count('duplicate') === 0 },
    { name: 'no lost updates', passed: count('loss') === 0 },
    ...(outcome.contests === null
      ? []
      : [
          { name: 'simultaneous writes made (contests)', passed: outcome.contests > 0 },
          { name: 'every contest recorded as a conflict', passed: count('conflict') === 0 },
        ]),
    {
      name: 'the deliberate mass delete held by the guard',
      passed:
        outcome.massDelete.tripped &&
        outcome.massDelete.held > 0 &&
        outcome.massDelete.stray.length === 0 &&
        outcome.massDelete.approved === outcome.massDelete.held,
    },
    ...(outcome.brokerLoss
      ? [
          {
            name: 'the broker lost its data once both sides agreed, and writes followed',
            passed: outcome.brokerLoss.settledBefore && outcome.brokerLoss.writesAfter > 0,
          },
        ]
      : []),
    {
      name: 'every dead letter explained',
      passed: outcome.deadLetters.every((d) => d.explainedBy.length > 0),
    },
    {
      name: 'every dlq message collected',
      passed: outcome.dlqTopicMessages <= outcome.deadLetters.length,
    },
  ];
}

/** The closing table: counts first, then every problem with its record and field. */
export function renderReport(outcome: ChaosOutcome, checks: readonly Check[]): string {
  const lines: string[] = [];
  const row = (label: string, value: string | number) =>
    lines.push(`  ${label.padEnd(44)} ${String(value)}`);
  lines.push('', `chaos run, seed ${outcome.seed}${outcome.short ? ' (--short)' : ''}`, '');
  lines.push('operations');
  for (const [label, n] of [...outcome.operations].sort()) row(label, n);
  row('total', outcome.totalOperations);
  const sides = Object.keys(outcome.retries);
  row(
    `retried client writes (${sides.join(' / ')})`,
    sides.map((side) => outcome.retries[side]).join(' / '),
  );
  row('client writes that never completed', outcome.workloadFailures.length);
  row(
    'handovers to the other side (put off)',
    `${outcome.handovers} (${outcome.handoversDeferred})`,
  );
  lines.push('faults injected');
  for (const kind of outcome.faultKinds ?? FAULT_KINDS) row(kind, outcome.faults.get(kind) ?? 0);
  lines.push('verification');
  const { records } = outcome;
  row('records written / in catalog', `${records.oracle} / ${records.catalog}`);
  const count = (kind: Problem['kind']) => outcome.problems.filter((p) => p.kind === kind).length;
  row('mismatches', count('mismatch'));
  row('duplicates', count('duplicate'));
  row('losses', count('loss'));
  for (const system of EXTERNAL_SYSTEMS) {
    const live = records[system];
    if (live === undefined) continue;
    const of = (kind: Problem['kind']) =>
      outcome.problems.filter((p) => p.kind === kind && p.system === system).length;
    row(
      `${SYSTEM_LABELS[system]}: live / mismatches / duplicates / losses`,
      `${live} / ${of('mismatch')} / ${of('duplicate')} / ${of('loss')}`,
    );
  }
  if (outcome.contests !== null) {
    row('contests / without a recorded conflict', `${outcome.contests} / ${count('conflict')}`);
  }
  row('deliberate mass delete', outcome.massDelete.detail);
  if (outcome.brokerLoss) row('broker lost its data', outcome.brokerLoss.detail);
  const unexplained = outcome.deadLetters.filter((d) => d.explainedBy.length === 0).length;
  row(
    'dead letters explained / unexplained',
    `${outcome.deadLetters.length - unexplained} / ${unexplained}`,
  );
  row('messages on dlq topics', outcome.dlqTopicMessages);
  row(
    'convergence time',
    outcome.convergenceMs === null
      ? 'did not converge'
      : `${(outcome.convergenceMs / 1000).toFixed(1)} s`,
  );
  lines.push(...problemLines(outcome));
  const failed = checks.filter((c) => !c.passed);
  lines.push('', `${checks.length - failed.length} checks passed, ${failed.length} failed`);
  for (const check of failed) lines.push(`  failed: ${check.name}`);
  return lines.join('\n');
}

/** Every problem, dead letter and failed write of a run, a line each (the end of the report). */
export function problemLines(outcome: ChaosOutcome): string[] {
  const lines: string[] = [];
  for (const problem of outcome.problems) {
    lines.push(
      `  ${problem.kind.toUpperCase()} ${problem.record}${problem.field ? ` ${problem.field}` : ''}${problem.system ? ` [${problem.system}]` : ''}: ${problem.detail}`,
    );
  }
  for (const verdict of outcome.deadLetters) {
    const { letter } = verdict;
    const why = verdict.explainedBy.length
      ? `explained by ${verdict.explainedBy.join(', ')}`
      : `UNEXPLAINED (${letter.error.message.slice(0, 300)})`;
    lines.push(
      `  DEAD LETTER ${letter.id} ${letter.consumerGroup} ${letter.topic} ${letter.error.code}: ${why}`,
    );
  }
  for (const failure of [...outcome.workloadFailures, ...outcome.faultErrors])
    lines.push(`  FAILED ${failure}`);
  return lines;
}

/** How many of a failed run's problem lines go into the summary file (the report has them all). */
const SUMMARY_PROBLEM_LINES = 12;

/**
 * `chaos-<pid>.json` in the format of tools/jest/summary-reporter.cjs, so `npm test` counts it;
 * a failure's reason carries the first problem lines, so a CI log's closing summary shows them.
 */
export function writeResults(
  dir: string,
  checks: readonly Check[],
  problems: readonly string[] = [],
): void {
  const shown = problems.slice(0, SUMMARY_PROBLEM_LINES).map((line) => line.trim());
  const more = problems.length - shown.length;
  const reason = [
    'see the chaos report above',
    ...shown,
    ...(more > 0 ? [`… and ${more} more in the report`] : []),
  ].join('\n');
  mkdirSync(dir, { recursive: true });
  const failed = checks.filter((c) => !c.passed).length;
  writeFileSync(
    join(dir, `chaos-${process.pid}.json`),
    JSON.stringify({
      project: 'chaos',
      passed: checks.length - failed,
      failed,
      skipped: 0,
      suitesFailed: 0,
      success: failed === 0,
      failures: checks
        .filter((c) => !c.passed)
        .map((c) => ({ file: 'tools/chaos', test: c.name, reason })),
    }),
  );
}
