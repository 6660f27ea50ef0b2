import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { workspaceRoot } from '@concord/testing';

import type { AppTree } from '../world/app-tree';

/** An earlier commit checked out and built in a temporary git worktree, for --against. */
export interface ReferenceTree {
  tree: AppTree;
  /** Removes the worktree (unless it is kept for the next run). */
  remove(): void;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd} (exit ${result.status}): ${(result.stderr || result.stdout || '').slice(-2000)}`,
    );
  return result.stdout.trim();
}

function sameFile(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));
}

/**
 * Checks `ref` out into `.cache/bench-against/<sha>` (git-ignored) with `git worktree add`,
 * installs its dependencies (a hard-linked copy of this tree's node_modules when the lockfiles are
 * identical, else `npm ci`) and builds its dist/ with its own build script. Each step leaves a
 * marker, so a worktree kept with `keep` is reused as it is by the next run.
 */
export function prepareReferenceTree(
  ref: string,
  log: (line: string) => void,
  keep = false,
): ReferenceTree {
  const root = workspaceRoot();
  const sha = run('git', ['rev-parse', '--verify', `${ref}^{commit}`], root);
  const dir = join(root, '.cache', 'bench-against', sha.slice(0, 12));
  mkdirSync(join(root, '.cache', 'bench-against'), { recursive: true });
  if (!existsSync(join(dir, '.git'))) {
    log(`--against ${ref}: git worktree add ${dir} (${sha.slice(0, 12)})`);
    run('git', ['worktree', 'add', '--detach', dir, sha], root);
  }
  const installed = join(dir, '.bench-installed');
  if (!existsSync(installed)) {
    if (sameFile(join(root, 'package-lock.json'), join(dir, 'package-lock.json'))) {
      log(`--against ${ref}: same lockfile, hard-linking node_modules`);
      run('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')], root);
    } else {
      log(`--against ${ref}: npm ci (the lockfile differs)`);
      run('npm', ['ci', '--no-audit', '--no-fund'], dir);
    }
    writeFileSync(installed, `${sha}\n`);
  }
  const built = join(dir, '.bench-built');
  if (!existsSync(built)) {
    log(`--against ${ref}: building its dist/`);
    run(process.execPath, ['tools/scripts/build.mjs'], dir);
    writeFileSync(built, `${sha}\n`);
  }
  return {
    tree: { label: ref, root: dir },
    remove: () => {
      if (keep) {
        log(`--against ${ref}: kept ${dir} (--keep-against)`);
        return;
      }
      spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root });
      spawnSync('git', ['worktree', 'prune'], { cwd: root });
    },
  };
}
