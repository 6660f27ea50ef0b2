import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { workspaceRoot } from '@concord/testing';

import { describeMachine } from './machine';
import { ratioOf, type ResultRow } from './results-table';

/** Writes tmp/bench/<name>-<timestamp>.json with the machine, the command and every figure. */
export function writeResultsFile(name: string, rows: readonly ResultRow[], extra: object): string {
  const folder = join(workspaceRoot(), 'tmp', 'bench');
  mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(folder, `${name}-${stamp}.json`);
  const body = {
    bench: name,
    at: new Date().toISOString(),
    command: `node ${process.argv.slice(1).join(' ')}`,
    machine: describeMachine(),
    rows: rows.map((row) => ({ ...row, ratio: ratioOf(row) })),
    ...extra,
  };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
