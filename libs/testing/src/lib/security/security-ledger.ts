import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { workspaceRoot } from '../harness/workspace-root';

/** What became of one attack a security spec tried. */
export type SecurityOutcome = 'refused' | 'got-through';

export interface SecurityAttempt {
  /** The area: webhooks, cross-tenant, fuzz, ssrf, secrets, token-refresh. */
  category: string;
  /** What was tried, in a few words (never a secret). */
  attempt: string;
  outcome: SecurityOutcome;
  /** What the system answered, e.g. `HTTP 404` or `0 requests reached the target`. */
  detail?: string;
}

/**
 * The file the security reporter (tools/jest/security-reporter.cjs) reads at the end of the run;
 * it names it in SECURITY_LEDGER_FILE, else (a spec run without the reporter) a file of our own.
 */
function ledgerFile(): string {
  return (
    process.env['SECURITY_LEDGER_FILE'] ??
    join(workspaceRoot(), 'tmp', 'security-ledger', `adhoc-${process.pid}.jsonl`)
  );
}

/**
 * Records one attempt as a JSON line for the closing "what was tried and what got through" table,
 * and returns whether it was refused, so a spec can assert on it in the same breath.
 */
export function recordAttempt(entry: SecurityAttempt): boolean {
  const file = ledgerFile();
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify({ ...entry, spec: currentSpecFile() })}\n`);
  return entry.outcome === 'refused';
}

/** Records an attempt whose outcome is `refused` when `wasRefused` is true. */
export function recordRefusal(
  category: string,
  attempt: string,
  wasRefused: boolean,
  detail?: string,
): boolean {
  return recordAttempt({
    category,
    attempt,
    outcome: wasRefused ? 'refused' : 'got-through',
    ...(detail === undefined ? {} : { detail }),
  });
}

function currentSpecFile(): string | undefined {
  const jestExpect = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect;
  const path = jestExpect?.getState?.().testPath;
  return path === undefined ? undefined : path.split(/[\\/]/).pop();
}
