import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { AppProcess, startAppProcess } from './app-process';
import { eventually } from './eventually';
import { freePort } from './free-port';
import { ORPHAN_GUARD_IMPORT } from './orphan-guard';
import { workspaceRoot } from './workspace-root';

const script = 'libs/testing/test/fixtures/health-server.mjs';

async function whoami(app: AppProcess): Promise<{ pid: number; greeting: string | null }> {
  return (await fetch(`${app.url}/whoami`)).json() as Promise<{
    pid: number;
    greeting: string | null;
  }>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startAppProcess', () => {
  it('starts a real process with the environment, waits for readiness, stops it gracefully', async () => {
    const port = await freePort();
    const app = await startAppProcess({
      name: 'fixture',
      script,
      port,
      env: { GREETING: 'hello', READY_AFTER_MS: '300' },
    });
    try {
      expect(app.port).toBe(port);
      expect(app.url).toBe(`http://127.0.0.1:${port}`);
      expect(await whoami(app)).toEqual({ pid: app.pid, greeting: 'hello' });
      expect(app.logs()).toContain(`listening on ${port}`);
    } finally {
      const exit = await app.stop();
      expect(exit).toEqual({ code: 0, signal: null });
    }
    expect(app.logs()).toContain('shutting down');
    const logFile = join(workspaceRoot(), 'tmp', 'test-logs', `fixture-${app.pid}.log`);
    expect(existsSync(logFile)).toBe(true);
    expect(readFileSync(logFile, 'utf8')).toContain('shutting down');
  });

  it('restarts on the same port with a new process, and kill() ends it at once', async () => {
    const app = await startAppProcess({ name: 'fixture-restart', script });
    const firstPid = app.pid;
    await app.restart();
    expect(app.pid).not.toBe(firstPid);
    expect(isAlive(firstPid)).toBe(false);
    expect((await whoami(app)).pid).toBe(app.pid);
    expect(app.logs()).toContain('--- restarting fixture-restart ---');

    expect(await app.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isAlive(app.pid)).toBe(false);
  });

  it('fails fast with the last log lines when the process exits before it is ready', async () => {
    const failure = startAppProcess({
      name: 'fixture-crash',
      script,
      env: { CRASH_AT_START: '1' },
      timeoutMs: 30_000,
    });
    await expect(failure).rejects.toThrow(
      /fixture-crash did not become ready: the process exited \(code 3\)/,
    );
    await expect(failure).rejects.toThrow(/fatal: the configuration is broken/);
  });

  it('gives up after the timeout when readiness never comes, and kills the process', async () => {
    const failure = startAppProcess({
      name: 'fixture-slow',
      script,
      env: { READY_AFTER_MS: '600000' },
      timeoutMs: 1500,
    });
    await expect(failure).rejects.toThrow(/did not answer 200 within 1500 ms \(last: HTTP 503/);
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const app = await startAppProcess({
      name: 'fixture-stubborn',
      script,
      env: { IGNORE_SIGTERM: '1' },
      stopTimeoutMs: 500,
    });
    expect(await app.stop()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(app.logs()).toContain('ignoring SIGTERM');
  });
});

describe('orphan guard', () => {
  it('ends an app whose starter died without stopping it', async () => {
    // A stand-in for a Jest worker: starts the app as the harness does, reports its pid, then dies.
    const starter = [
      "const { spawn } = require('node:child_process');",
      "const child = spawn(process.execPath, ['--import', process.argv[1], process.argv[2]], {",
      "  env: { ...process.env, PORT: process.argv[3] }, stdio: 'ignore' });",
      "process.stdout.write(child.pid + '\\n');",
      'setTimeout(() => process.exit(0), 300);',
    ].join('\n');
    const port = await freePort();
    const output = execFileSync(
      process.execPath,
      ['-e', starter, ORPHAN_GUARD_IMPORT, join(workspaceRoot(), script), String(port)],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const appPid = Number(
      output
        .trim()
        .split('\n')
        .filter((line) => /^\d+$/.test(line))
        .pop(),
    );
    expect(appPid).toBeGreaterThan(0);
    await eventually(() => expect(isAlive(appPid)).toBe(false), { timeoutMs: 5000 });
  });

  it('leaves an app alone while its starter lives', async () => {
    const app = await startAppProcess({ name: 'fixture-guarded', script });
    try {
      await new Promise((r) => setTimeout(r, 600));
      expect(isAlive(app.pid)).toBe(true);
      expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
