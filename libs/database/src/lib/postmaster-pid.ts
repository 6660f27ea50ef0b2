import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PostmasterPid {
  pid: number;
  port: number;
}

/** Parses a data directory's `postmaster.pid` (line 1: pid, line 4: port), written while a server runs. */
export function parsePostmasterPid(contents: string): PostmasterPid | undefined {
  const lines = contents.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && Number.isInteger(port) ? { pid, port } : undefined;
}

/** The server currently running on `dataDir`, if its postmaster.pid names a live process. */
export function runningPostmaster(dataDir: string): PostmasterPid | undefined {
  let parsed: PostmasterPid | undefined;
  try {
    parsed = parsePostmasterPid(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8'));
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  try {
    process.kill(parsed.pid, 0);
    return parsed;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (the postgres OS user when we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? parsed : undefined;
  }
}
