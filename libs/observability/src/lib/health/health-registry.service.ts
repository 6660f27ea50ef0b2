import { Inject, Injectable } from '@nestjs/common';

import { maskSecrets } from '../logging/secret-masking';

export type ReadinessResult = boolean | { ok: boolean; detail?: string };
/** A readiness check: true (or `{ ok: true }`) when the dependency it guards is usable. */
export type ReadinessCheck = () => ReadinessResult | Promise<ReadinessResult>;

export interface CheckOutcome {
  ok: boolean;
  detail?: string;
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckOutcome>;
  /** Names of the failing checks, for a quick look. */
  failing: string[];
}

export interface HealthOptions {
  /** A check that has not answered by then counts as failing; default 2000 ms. */
  checkTimeoutMs?: number;
  /** How long the app keeps serving, not ready, after SIGTERM before it stops; default 0. */
  shutdownDelayMs?: number;
}

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

/** Where apps register what "ready" means for them: database reachable, producer connected, group joined. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly timeoutMs: number;

  constructor(@Inject(HEALTH_OPTIONS) options: HealthOptions) {
    this.timeoutMs = options.checkTimeoutMs ?? 2000;
  }

  /** Adds (or replaces) the check called `name`. */
  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  /** Runs every check concurrently, each bounded by the timeout. */
  async run(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await this.runOne(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const failing = entries.filter(([, outcome]) => !outcome.ok).map(([name]) => name);
    return { status: failing.length === 0 ? 'ok' : 'unavailable', checks, failing };
  }

  private async runOne(check: ReadinessCheck): Promise<CheckOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckOutcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, detail: `timed out after ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
    });
    const outcome = (async (): Promise<CheckOutcome> => {
      try {
        return normalise(await check());
      } catch (error) {
        return {
          ok: false,
          detail: maskSecrets(error instanceof Error ? error.message : String(error)),
        };
      }
    })();
    try {
      return await Promise.race([outcome, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function normalise(result: ReadinessResult): CheckOutcome {
  if (typeof result === 'boolean') return { ok: result };
  return result.detail === undefined
    ? { ok: result.ok }
    : { ok: result.ok, detail: maskSecrets(result.detail) };
}
