import type { ConcordError } from '@concord/errors';

import type { AttentionFlags } from '../connections/attention-flags';
import { refusedCredentials } from '../connections/attention-reason';
import type { ConnectorDefinition } from '../definition/connector-definition';
import type { BudgetLane } from '../definition/outbound-adapter';
import { DeferredRetryError, retryDelayMs } from '../errors/deferred-retry.error';
import { allowanceUsedUp, isAllowanceExhausted } from '../status/daily-allowance';
import type { JobOutcomes } from './job-outcomes';
import {
  HELD_REPORTED_HEADER,
  type Job,
  type OutboundProcessorOptions,
  type OutboundResult,
} from './outbound-job';
import type { ParkableMessage, RetryParker } from './retry-parker';

/**
 * A failed write, classified: a used-up daily allowance or refused credentials flag the connection
 * and park the message; a retryable failure is deferred with a delay growing per attempt; a
 * permanent one (or the last attempt) is reported and thrown to be dead-lettered.
 */
export class OutboundFailures<TClient> {
  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    private readonly attention: AttentionFlags,
    private readonly parker: RetryParker,
    private readonly jobOutcomes: JobOutcomes,
    private readonly options: OutboundProcessorOptions,
  ) {}

  async fail(
    job: Job<TClient>,
    message: ParkableMessage,
    lane: BudgetLane,
    error: ConcordError,
  ): Promise<OutboundResult> {
    const original = error instanceof DeferredRetryError ? error.original : error;
    if (isAllowanceExhausted(original)) {
      // The provider's daily allocation is used up: the connection pauses (every replica), the
      // message waits without spending an attempt, and a probe that works again resumes it.
      job.ctx.log.warn({ code: original.code }, 'daily API allowance used up; connection paused');
      await this.attention.flag(job.scope, allowanceUsedUp(this.definition.system));
      await this.jobOutcomes.report(job, 'failed', null, null, null, original);
      await this.parker.park(message, this.options.pausedRetryDelayMs, lane);
      return 'parked';
    }
    if (original.category === 'auth') {
      // A revoked key: the connection needs a person; the message waits instead of dying.
      job.ctx.log.warn(
        { code: original.code },
        'authentication refused; connection needs attention',
      );
      await this.attention.flag(job.scope, refusedCredentials(this.definition.system, original));
      await this.jobOutcomes.report(job, 'failed', null, null, null, original);
      const reported = { ...message, headers: { ...message.headers, [HELD_REPORTED_HEADER]: '1' } };
      await this.parker.park(reported, this.options.pausedRetryDelayMs, lane);
      return 'parked';
    }
    const lastAttempt = job.attempt >= this.options.maxAttempts;
    if (!original.retryable || lastAttempt) {
      job.ctx.log.error(
        { code: original.code, category: original.category },
        'outbound write failed',
      );
      await this.jobOutcomes.report(job, 'failed', null, null, null, original);
      throw original;
    }
    const hinted = 'retryAfterMs' in original ? Number(original.retryAfterMs) : 0;
    throw new DeferredRetryError(original, Math.max(hinted, retryDelayMs(job.attempt)));
  }
}
