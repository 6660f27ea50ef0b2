import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder holding `nx.json` above this file or the working directory; else the working directory. */
export function findWorkspaceRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      if (existsSync(join(dir, 'nx.json'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return process.cwd();
}
