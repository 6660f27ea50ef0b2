import { spawnSync } from 'node:child_process';

import { workspaceRoot } from '@concord/testing';

import type { BenchOptions } from '../cli/bench-options';
import { writeResultsFile } from '../report/results-file';
import { type AppTree, currentTree } from '../world/app-tree';
import {
  type ComparedFigure,
  compareFigures,
  type Figure,
  interleaved,
  medianFigures,
  renderComparison,
} from './figures';
import { prepareReferenceTree } from './reference-tree';

function headCommit(): string {
  const result = spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], {
    cwd: workspaceRoot(),
    encoding: 'utf8',
  });
  return result.status === 0 ? result.stdout.trim() : 'working tree';
}

/** A run that fails to start (a port taken, a slow start) is tried once more before giving up. */
async function measureOnceMore(
  tree: AppTree,
  measure: (tree: AppTree) => Promise<Figure[]>,
  log: (line: string) => void,
): Promise<Figure[]> {
  try {
    return await measure(tree);
  } catch (error) {
    log(`${tree.label}: the run failed (${(error as Error).message.split('\n')[0]}); once more`);
    return measure(tree);
  }
}

/**
 * `--against <ref>`: builds the ref in a temporary worktree, then runs `measure` on this tree and
 * on it, interleaved (A B A B …, `--runs` each), and prints the medians side by side with the
 * ratio this / ref. The worktree is removed at the end unless `--keep-against`. `beforeRuns` (say,
 * starting the broker) runs once the ref is built, so nothing idles through the build.
 */
export async function benchAgainst(
  name: string,
  title: string,
  options: BenchOptions & { against: string },
  log: (line: string) => void,
  measure: (tree: AppTree) => Promise<Figure[]>,
  beforeRuns: () => void = () => undefined,
): Promise<ComparedFigure[]> {
  const reference = prepareReferenceTree(options.against, log, options.keepAgainst);
  try {
    beforeRuns();
    const trees = [currentTree(), reference.tree];
    const runsByTree = new Map<string, Figure[][]>(trees.map((t) => [t.label, []]));
    for (const { tree, run } of interleaved(trees, options.runs)) {
      log(`run ${run + 1} of ${options.runs}: ${tree.label}`);
      runsByTree.get(tree.label)?.push(await measureOnceMore(tree, measure, log));
    }
    const current = medianFigures(runsByTree.get('this') ?? []);
    const ref = medianFigures(runsByTree.get(options.against) ?? []);
    const rows = compareFigures(current, ref);
    const labels = [`this (${headCommit()})`, options.against] as const;
    process.stdout.write(
      `${renderComparison(`${title}, median of ${options.runs} interleaved run(s) each`, labels, rows)}\n`,
    );
    if (options.json)
      log(
        `results: ${writeResultsFile(`${name}-against`, [], {
          against: options.against,
          head: headCommit(),
          runs: Object.fromEntries(runsByTree),
          compared: rows,
        })}`,
      );
    return rows;
  } finally {
    reference.remove();
  }
}
