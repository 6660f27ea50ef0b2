import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding `nx.json` above this file (or the working directory); scripts and logs resolve from it. */
export function workspaceRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'nx.json'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return process.cwd();
}
