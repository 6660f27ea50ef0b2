import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { workspaceRoot } from '@concord/testing';

/** A built Concord source tree whose `dist/` the bench runs: this one, or an earlier commit's. */
export interface AppTree {
  /** How tables name it: `this` or the git ref given to --against. */
  label: string;
  /** The folder holding `dist/`. */
  root: string;
}

export function currentTree(): AppTree {
  return { label: 'this', root: workspaceRoot() };
}

/** The absolute path of a script of the tree (e.g. `dist/apps/simulator/src/main.js`). */
export function scriptOf(tree: AppTree, script: string): string {
  return join(tree.root, script);
}

export function treeHas(tree: AppTree, script: string): boolean {
  return existsSync(scriptOf(tree, script));
}
