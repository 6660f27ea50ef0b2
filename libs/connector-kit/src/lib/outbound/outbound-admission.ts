import { AuthError } from '@concord/errors';
import type { CatalogEvent } from '@concord/model';

import type { ConnectionRegistry } from '../connections/connection-registry';
import {
  type ConnectionEntry,
  connectionState,
  syncsOutbound,
} from '../connections/connection-state';
import type { ConnectorDefinition } from '../definition/connector-definition';
import { childLogger, type KitLogger } from '../definition/kit-logger';
import type { BudgetLane } from '../definition/outbound-adapter';
import { parseCatalogEvent } from './catalog-event-parser';
import type { ExternalCaller } from './external-caller';
import { idempotencyKeyFor } from './idempotency-keys';
import type { JobOutcomes } from './job-outcomes';
import { laneOf, wantsResync } from './outbound-decisions';
import {
  AWAITED_CONNECTION_HEADER,
  HELD_REPORTED_HEADER,
  type Job,
  type OutboundProcessorOptions,
  type OutboundResult,
} from './outbound-job';
import type { ParkableMessage, RetryParker } from './retry-parker';

/** A message's admission: a result already, or the job to run under its record's lock. */
export type Admission<TClient> =
  { result: OutboundResult } | { job: Job<TClient>; lane: BudgetLane };

/**
 * The checks before a record's lock: the message's connection (awaited, not synced, paused) and,
 * for one to write, the job with its call context, lane and resync wish.
 */
export class OutboundAdmission<TClient> {
  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    private readonly registry: ConnectionRegistry<TClient>,
    private readonly caller: ExternalCaller,
    private readonly parker: RetryParker,
    private readonly jobOutcomes: JobOutcomes,
    private readonly logger: KitLogger,
    private readonly options: OutboundProcessorOptions,
  ) {}

  async admit(message: ParkableMessage): Promise<Admission<TClient>> {
    const { entityType, event } = parseCatalogEvent(message.value);
    const entry = this.registry.forTenant(event.tenant);
    const lane = laneOf(message.topic, this.options.retryTopic, message.headers);
    if (!entry && this.options.awaitingConnections?.()) {
      // Marked: it may predate the connection (the catalog's snapshot covers those), so when it
      // comes back it is matched against the system's records before anything is created.
      await this.parker.park(
        { ...message, headers: { ...message.headers, [AWAITED_CONNECTION_HEADER]: '1' } },
        this.options.pausedRetryDelayMs,
        lane,
      );
      return { result: this.jobOutcomes.count(entityType, 'parked') };
    }
    if (!entry || !syncsOutbound(entry.settings, entityType)) {
      return { result: this.jobOutcomes.count(entityType, 'skipped-not-synced') };
    }
    const state = connectionState(entry);
    if (state !== 'active' || entry.resolved === null) {
      const reported = await this.reportHeld(entry, event, message);
      await this.parker.park(
        reported
          ? { ...message, headers: { ...message.headers, [HELD_REPORTED_HEADER]: '1' } }
          : message,
        this.options.pausedRetryDelayMs,
        lane,
      );
      return { result: this.jobOutcomes.count(entityType, 'parked') };
    }
    const connection = entry.resolved;
    const log = childLogger(this.logger, {
      tenant: event.tenant,
      connectionId: connection.connectionId,
      eventId: event.id,
      entityType,
      entityId: event.subject,
      correlationId: event.correlationId,
      attempt: message.attempt,
    });
    const job: Job<TClient> = {
      entityType,
      event,
      entry,
      connection,
      scope: { tenant: connection.tenant, connectionId: connection.connectionId },
      attempt: message.attempt,
      ctx: this.caller.context(entry, lane, log, idempotencyKeyFor(event.id)),
      resync: wantsResync(message.headers, this.definition.system),
      headers: message.headers,
    };
    return { job, lane };
  }

  /**
   * A change that arrives while its connection is flagged for a person (credentials refused, a
   * missing field) fails at once with the flag's reason, as the refused write would have: the
   * status probe may see the refusal before any write does, and a change parked while its
   * connection was still unknown comes back only now. Reported once (HELD_REPORTED_HEADER on the
   * parked message, and on one a refused write parked), not at each return from the retry topic;
   * a used-up daily allowance and an operator's pause are not the record's failure.
   */
  private async reportHeld(
    entry: ConnectionEntry<TClient>,
    event: CatalogEvent,
    message: ParkableMessage,
  ): Promise<boolean> {
    const { attention } = entry;
    if (attention === null || entry.problem !== null || entry.resolved === null) return false;
    if (message.headers[HELD_REPORTED_HEADER] === '1') return false;
    if (attention.kind === 'allowance') return false;
    const error = new AuthError(CONNECTION_NEEDS_ATTENTION, attention.reason);
    await this.jobOutcomes.held(event, entry.resolved.connectionId, message.attempt, error);
    return true;
  }
}

/** The code of a change held back while its connection needs a person (category `auth`). */
export const CONNECTION_NEEDS_ATTENTION = 'CONNECTION_NEEDS_ATTENTION';
