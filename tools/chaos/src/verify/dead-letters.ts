import { type FaultKind, PROCESS_FAULTS } from '../faults/fault-plan';

export interface DeadLetterView {
  id: string;
  consumerGroup: string;
  topic: string;
  error: { code: string; category: string; message: string };
}

export interface DeadLetterVerdict {
  letter: DeadLetterView;
  /** The injected fault kinds that account for it; empty = unexplained. */
  explainedBy: FaultKind[];
}

/** Every fault that stops a process or a backing service. */
const KILLS: FaultKind[] = [...PROCESS_FAULTS];

/** Which fault kinds could have caused a dead letter with this error code. */
const CAUSES: Record<string, FaultKind[]> = {
  UPSTREAM_RATE_LIMITED: ['storm-429'],
  TOO_MANY_REQUESTS: ['storm-429'],
  BUDGET_EXHAUSTED: ['storm-429'],
  UPSTREAM_UNAVAILABLE: ['errors-5xx', ...KILLS],
  TIMEOUT: ['latency', ...KILLS],
  NETWORK: KILLS,
  DEPENDENCY_NOT_READY: KILLS,
};

/**
 * A dead letter is explained when its error is one an injected fault produces (a storm gives
 * rate-limit errors, 5xx give upstream-unavailable, a kill gives network errors...). Anything
 * else (validation, a bug, an unknown code) is unexplained.
 */
export function explainDeadLetters(
  letters: readonly DeadLetterView[],
  injected: ReadonlySet<FaultKind>,
): DeadLetterVerdict[] {
  return letters.map((letter) => ({
    letter,
    explainedBy: (CAUSES[letter.error.code] ?? []).filter((kind) => injected.has(kind)),
  }));
}
