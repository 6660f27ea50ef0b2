import { ConfigError } from './config.error';

/**
 * The moments where a crash is most dangerous, named so that tests can aim one there:
 * - `after-external-write`: a connector wrote to the external system and has neither remembered
 *   the link nor published the outcome;
 * - `before-offset-commit:<group>`: a consumer of that group handled a message (applied it,
 *   published what it publishes) and has not committed its offset.
 */
export type CrashPoint = 'after-external-write' | `before-offset-commit:${string}`;

export const CRASH_AT_VARIABLE = 'CONCORD_TEST_CRASH_AT';

/** `<point>[@<nth>]`. */
export const CRASH_AT_PATTERN =
  /^(after-external-write|before-offset-commit:[A-Za-z0-9._-]+)(?:@([1-9][0-9]{0,5}))?$/;

export interface ArmedCrash {
  point: CrashPoint;
  /** The process crashes the nth time it reaches the point. */
  nth: number;
}

/**
 * Reads `CONCORD_TEST_CRASH_AT=<point>[@<nth>]`, e.g. `after-external-write@3`. Tests only: refused
 * (a ConfigError naming the variable) when NODE_ENV is production, or when it names no known point.
 */
export function parseCrashAt(env: NodeJS.ProcessEnv): ArmedCrash | null {
  const value = env[CRASH_AT_VARIABLE];
  if (value === undefined || value === '') return null;
  if (env['NODE_ENV'] === 'production') {
    throw new ConfigError([
      { field: CRASH_AT_VARIABLE, message: 'is for tests only and must be unset in production' },
    ]);
  }
  const match = CRASH_AT_PATTERN.exec(value);
  if (!match) {
    throw new ConfigError([
      {
        field: CRASH_AT_VARIABLE,
        message: `must be after-external-write or before-offset-commit:<group>, optionally @<nth> (got "${value.slice(0, 100)}")`,
      },
    ]);
  }
  return { point: match[1] as CrashPoint, nth: Number(match[2] ?? 1) };
}

/** Counts the times the armed point is reached and kills the process at the nth. */
export class CrashPoints {
  private reached = 0;

  constructor(
    private readonly armed: ArmedCrash | null,
    private readonly crash: (point: CrashPoint) => void = killThisProcess,
  ) {}

  reach(point: CrashPoint): void {
    if (this.armed === null || point !== this.armed.point) return;
    this.reached += 1;
    if (this.reached === this.armed.nth) this.crash(point);
  }
}

/** SIGKILL, as a power cut or `kill -9` there would: no shutdown hook, no flush, no commit. */
function killThisProcess(point: CrashPoint): void {
  process.stderr.write(`[crash point] ${point} reached: killing this process (SIGKILL)\n`);
  process.kill(process.pid, 'SIGKILL');
}

let processCrashPoints: CrashPoints | undefined;

/**
 * Marks a dangerous moment. Does nothing unless a test armed this point with
 * CONCORD_TEST_CRASH_AT (read once, at the first call; every app that loads `kafkaEnv` has
 * already refused to start with a bad value).
 */
export function crashPoint(point: CrashPoint): void {
  processCrashPoints ??= new CrashPoints(parseCrashAt(process.env));
  processCrashPoints.reach(point);
}
