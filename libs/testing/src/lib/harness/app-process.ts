import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

import { freePort } from './free-port';
import { ORPHAN_GUARD_IMPORT } from './orphan-guard';
import { ProcessLog } from './process-log';
import { waitUntilReady } from './wait-until-ready';
import { workspaceRoot } from './workspace-root';

export interface AppProcessOptions {
  /** Names the log file and error messages. */
  name: string;
  /** Script to run with `node`, relative to the workspace root, e.g. `dist/apps/catalog-service/src/main.js`. */
  script: string;
  /** Added to (and overriding) this process's environment; `undefined` removes a variable. PORT is set to `port`. */
  env?: Record<string, string | undefined>;
  /** Default: a free port. */
  port?: number;
  /** Default `/health/ready`. */
  readyPath?: string;
  /** How long to wait for readiness; default 60 s. */
  timeoutMs?: number;
  /** Default `tmp/test-logs/<name>-<pid>.log` under the workspace root (a new file per run). */
  logFile?: string;
  /** Grace period between SIGTERM and SIGKILL in stop(); default 10 s. */
  stopTimeoutMs?: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  /** The current run's pid (changes on restart). */
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Everything the process printed so far, across restarts. */
  logs(): string;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  stop(): Promise<ProcessExit>;
  /** SIGKILL: a crash, with no chance to clean up. */
  kill(): Promise<ProcessExit>;
  /** Settles when the current run ends, however it ends (a crash of its own included). */
  exited(): Promise<ProcessExit>;
  /**
   * Stops (gracefully) and starts again on the same port with the same environment, changed by
   * `env` when given (kept for later restarts; `undefined` removes a variable); resolves when ready.
   */
  restart(env?: Record<string, string | undefined>): Promise<void>;
}

const running = new Set<ChildProcess>();
/** Settles on 'close' (not 'exit'), once the output pipes are drained, so logs() is complete. */
const closed = new WeakMap<ChildProcess, Promise<ProcessExit>>();
let exitHookInstalled = false;

/**
 * No app outlives the process that started it: an exit hook kills what is still running when
 * the harness is used outside Jest; under Jest (whose `process` copy never emits 'exit') and after
 * a SIGKILL, the orphan guard preloaded into each app does it.
 */
function track(child: ChildProcess): void {
  running.add(child);
  closed.set(
    child,
    new Promise((resolve) =>
      child.once('close', (code, signal) => {
        running.delete(child);
        resolve({ code, signal });
      }),
    ),
  );
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const orphan of running) orphan.kill('SIGKILL');
  });
}

/** Starts `node <script>` as a real process and resolves once `GET <readyPath>` answers 200. */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const root = workspaceRoot();
  const url = `http://127.0.0.1:${port}`;
  const log = new ProcessLog();
  let current = options;
  let child = await launch(current, root, port, url, log);

  const exited = (): Promise<ProcessExit> => exitOf(child);
  const signalled = async (signal: NodeJS.Signals, graceMs?: number): Promise<ProcessExit> => {
    if (isRunning(child)) child.kill(signal);
    const escalate =
      graceMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), graceMs);
    const exit = await exited();
    clearTimeout(escalate);
    log.closeFile();
    return exit;
  };
  const stop = (): Promise<ProcessExit> => signalled('SIGTERM', options.stopTimeoutMs ?? 10_000);

  return {
    get pid() {
      return child.pid ?? -1;
    },
    port,
    url,
    logs: () => log.all(),
    stop,
    kill: () => signalled('SIGKILL'),
    exited,
    restart: async (env) => {
      await stop();
      if (env) current = { ...current, env: { ...current.env, ...env } };
      log.append(`\n--- restarting ${options.name} ---\n`);
      child = await launch(current, root, port, url, log);
    },
  };
}

async function launch(
  options: AppProcessOptions,
  root: string,
  port: number,
  url: string,
  log: ProcessLog,
): Promise<ChildProcess> {
  const env = withoutUndefined({ ...process.env, PORT: String(port), ...options.env });
  const child = spawn(
    process.execPath,
    ['--import', ORPHAN_GUARD_IMPORT, resolve(root, options.script)],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  track(child);
  log.openFile(
    options.logFile ?? join(root, 'tmp', 'test-logs', `${options.name}-${child.pid}.log`),
  );
  log.capture(child.stdout);
  log.capture(child.stderr);
  child.once('error', (error) => log.append(`\n[harness] could not start: ${error.message}\n`));
  try {
    await waitUntilReady(`${url}${options.readyPath ?? '/health/ready'}`, {
      timeoutMs: options.timeoutMs ?? 60_000,
      stillRunning: async () => {
        if (isRunning(child)) return;
        const { code, signal } = await exitOf(child);
        throw new Error(`the process exited (${signal ?? `code ${code}`}) before it was ready`);
      },
    });
  } catch (error) {
    child.kill('SIGKILL');
    log.closeFile();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${options.name} did not become ready: ${reason}\n--- last 50 log lines ---\n${log.lastLines(50)}`,
    );
  }
  return child;
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exitOf(child: ChildProcess): Promise<ProcessExit> {
  return closed.get(child) ?? Promise.resolve({ code: child.exitCode, signal: child.signalCode });
}

function withoutUndefined(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
