import {
  type ConcordError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';
import {
  type BatchHandlerResult,
  classifyHandlerError,
  type ConsumedMessage,
  type MessageDisposition,
  RetryHeaders,
} from '@concord/kafka';
import {
  ConnectorStatus,
  InboundChange,
  parseMessage,
  SyncOutcome,
  tenantOfKey,
} from '@concord/model';
import {
  correlationFromHeaders,
  newCorrelationId,
  runWithCorrelation,
} from '@concord/observability';
import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

import { ConnectorStatusService } from '../../connector-status/connector-status.service';
import { SyncKafka } from '../../kafka/sync-kafka.service';
import { InboundChangeService } from '../changes/inbound-change.service';
import { withDatabaseUnavailability } from '../database-unavailable';
import { SyncOutcomeService } from '../outcomes/sync-outcome.service';
import { connectorTopicOf } from '../sync-topics';
import { type BatchItem, type BatchItemResult } from './batch-item';
import { ConnectionsRequestAnswerer, isConnectionsRequest } from './connections-request-answerer';
import { InboundBatchApplier } from './inbound-batch-applier';

const DONE: MessageDisposition = { kind: 'done' };

function invalid(message: string): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_MESSAGE, message);
}

function parseJson(value: Buffer | null): unknown {
  if (value === null) throw invalid('Message has no value');
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    throw invalid('Message value is not JSON');
  }
}

/** What the runner does with a message whose handling failed. */
function dispositionOf(thrown: unknown): MessageDisposition {
  const error: ConcordError = classifyHandlerError(withDatabaseUnavailability(thrown));
  if (!error.retryable) return { kind: 'dead-letter', error };
  const delayMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return { kind: 'retry', delayMs: typeof delayMs === 'number' ? delayMs : 0, error };
}

function isDatabaseUnavailable(thrown: unknown): boolean {
  const error = withDatabaseUnavailability(thrown);
  return (error as { code?: unknown }).code === RetryableErrorCode.UPSTREAM_UNAVAILABLE;
}

type Parsed =
  | (BatchItem & { message: ConsumedMessage; index: number })
  | { kind: 'status'; status: ConnectorStatus }
  | { kind: 'connections-request'; payload: unknown; system: string };

/**
 * The applier's batch handler: validates each message of a consumed batch against its schema
 * (an invalid one is dead-lettered with its reason), answers statuses and connections requests
 * one by one, and applies the inbound changes and outcomes together in one transaction
 * (InboundBatchApplier). When that transaction fails, they are applied again message by message,
 * each in its own transaction, so one bad message is dead-lettered (or retried) alone and the
 * others are applied. A database that is unavailable fails the whole batch: the runner tries it
 * again in place.
 */
@Injectable()
export class ApplierBatchHandler {
  constructor(
    @InjectPinoLogger('InboundApplier') private readonly logger: PinoLogger,
    private readonly kafka: SyncKafka,
    private readonly batch: InboundBatchApplier,
    private readonly changes: InboundChangeService,
    private readonly outcomes: SyncOutcomeService,
    private readonly statuses: ConnectorStatusService,
    private readonly requests: ConnectionsRequestAnswerer,
  ) {}

  async handle(messages: readonly ConsumedMessage[]): Promise<BatchHandlerResult> {
    const dispositions = messages.map((): MessageDisposition => DONE);
    const items: Array<BatchItem & { message: ConsumedMessage; index: number }> = [];
    for (const [index, message] of messages.entries()) {
      try {
        const parsed = this.parse(message, index);
        if (parsed.kind === 'inbound' || parsed.kind === 'outcome') items.push(parsed);
        else if (parsed.kind === 'status') await this.applyStatus(parsed.status);
        else await this.requests.answer(parsed.payload, parsed.system, message);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw withDatabaseUnavailability(error);
        dispositions[index] = dispositionOf(error);
      }
    }
    if (items.length > 0) await this.applyItems(items, dispositions);
    return { dispositions, outputs: [] };
  }

  private parse(message: ConsumedMessage, index: number): Parsed {
    const topic = message.headers[RetryHeaders.originalTopic] ?? message.topic;
    const source = connectorTopicOf(this.kafka.prefix, topic);
    if (!source) throw invalid(`Not a connector topic: ${topic}`);
    const payload = parseJson(message.value);
    if (source.kind === 'status' && isConnectionsRequest(payload)) {
      return { kind: 'connections-request', payload, system: source.system };
    }
    const parsed =
      source.kind === 'inbound'
        ? parseMessage(InboundChange, payload)
        : source.kind === 'outcome'
          ? parseMessage(SyncOutcome, payload)
          : parseMessage(ConnectorStatus, payload);
    if (parsed.origin !== source.system) {
      throw invalid(`A ${source.system} topic carried a message from ${parsed.origin}`);
    }
    if (message.key !== null && tenantOfKey(message.key) !== parsed.tenant) {
      throw invalid('The message key belongs to another tenant than the message');
    }
    const correlationId = correlationFromHeaders(message.headers) ?? newCorrelationId();
    if (source.kind === 'inbound') {
      return { kind: 'inbound', change: parsed as InboundChange, message, index, correlationId };
    }
    if (source.kind === 'outcome') {
      return { kind: 'outcome', outcome: parsed as SyncOutcome, message, index, correlationId };
    }
    return { kind: 'status', status: parsed as ConnectorStatus };
  }

  /** Statuses are heartbeats (every CONNECTOR_STATUS_INTERVAL_MS per connection): debug. */
  private async applyStatus(status: ConnectorStatus): Promise<void> {
    const result = await this.statuses.apply(status);
    this.logger.debug({ tenant: status.tenant, eventId: status.id, result }, 'applied a status');
  }

  private async applyItems(
    items: ReadonlyArray<BatchItem & { message: ConsumedMessage; index: number }>,
    dispositions: MessageDisposition[],
  ): Promise<void> {
    try {
      const results = await this.batch.apply(items);
      items.forEach((item, at) => this.logApplied(item, results[at]));
      this.logger.info({ size: items.length }, 'applied a batch of connector messages');
      return;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw withDatabaseUnavailability(error);
      this.logger.warn(
        { size: items.length, err: classifyHandlerError(error).message },
        'batch failed; applying its messages one by one',
      );
    }
    for (const item of items) {
      try {
        this.logApplied(item, await this.applyAlone(item));
      } catch (error) {
        dispositions[item.index] = dispositionOf(error);
      }
    }
  }

  private applyAlone(item: BatchItem & { message: ConsumedMessage }): Promise<BatchItemResult> {
    return runWithCorrelation(item.correlationId, () =>
      item.kind === 'inbound' ? this.changes.apply(item.change) : this.outcomes.apply(item.outcome),
    );
  }

  private logApplied(
    item: BatchItem & { message: ConsumedMessage },
    result: BatchItemResult | undefined,
  ): void {
    const parsed = item.kind === 'inbound' ? item.change : item.outcome;
    this.logger.debug(
      {
        tenant: parsed.tenant,
        topic: item.message.topic,
        partition: item.message.partition,
        offset: item.message.offset,
        eventId: parsed.id,
        correlationId: item.correlationId,
        kind: item.kind,
        result,
      },
      'applied connector message',
    );
  }
}
