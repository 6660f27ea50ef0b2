import {
  ConflictError,
  ConflictErrorCode,
  RetryableError,
  RetryableErrorCode,
} from '@concord/errors';
import type { ConsumedMessage } from '@concord/kafka';
import { anInboundChange } from '@concord/testing';
import type { PinoLogger } from 'nestjs-pino';

import type { ConnectorStatusService } from '../../connector-status/connector-status.service';
import type { SyncKafka } from '../../kafka/sync-kafka.service';
import type { InboundChangeService } from '../changes/inbound-change.service';
import type { SyncOutcomeService } from '../outcomes/sync-outcome.service';
import { ApplierBatchHandler } from './applier-batch-handler';
import type { ConnectionsRequestAnswerer } from './connections-request-answerer';
import type { InboundBatchApplier } from './inbound-batch-applier';

const TOPIC = 'p.connector.stripe.inbound.v1';

function messageOf(value: unknown, offset: number): ConsumedMessage {
  return {
    topic: TOPIC,
    partition: 0,
    offset: String(offset),
    key: null,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: {},
    timestamp: '0',
    attempt: 1,
    heartbeat: () => Promise.resolve(),
  };
}

function setUp() {
  const batch = { apply: jest.fn() };
  const changes = { apply: jest.fn() };
  const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn() };
  const handler = new ApplierBatchHandler(
    logger as unknown as PinoLogger,
    { prefix: 'p.' } as SyncKafka,
    batch as unknown as InboundBatchApplier,
    changes as unknown as InboundChangeService,
    { apply: jest.fn() } as unknown as SyncOutcomeService,
    { apply: jest.fn() } as unknown as ConnectorStatusService,
    { answer: jest.fn() } as unknown as ConnectionsRequestAnswerer,
  );
  return { handler, batch, changes, logger };
}

describe('ApplierBatchHandler', () => {
  const changes = [1, 2, 3].map((n) =>
    anInboundChange({ tenant: 'acme', system: 'stripe', externalId: `cus_${n}` }),
  );

  it('dead-letters an invalid message and applies the valid ones together, in order', async () => {
    const { handler, batch } = setUp();
    batch.apply.mockResolvedValue(['created', 'created']);

    const result = await handler.handle([
      messageOf(changes[0], 0),
      messageOf('not json', 1),
      messageOf(changes[1], 2),
    ]);

    expect(batch.apply).toHaveBeenCalledTimes(1);
    expect(batch.apply.mock.calls[0][0]).toEqual([
      expect.objectContaining({ kind: 'inbound', change: changes[0] }),
      expect.objectContaining({ kind: 'inbound', change: changes[1] }),
    ]);
    expect(result.outputs).toEqual([]);
    expect(result.dispositions).toEqual([
      { kind: 'done' },
      {
        kind: 'dead-letter',
        error: expect.objectContaining({ message: 'Message value is not JSON' }),
      },
      { kind: 'done' },
    ]);
  });

  it('applies a failed batch message by message: the bad one alone is dead-lettered or retried', async () => {
    const { handler, batch, changes: single } = setUp();
    batch.apply.mockRejectedValue(new ConflictError(ConflictErrorCode.ALREADY_EXISTS, 'taken'));
    const taken = new ConflictError(ConflictErrorCode.ALREADY_EXISTS, 'Invoice number taken');
    const busy = new RetryableError(RetryableErrorCode.DEPENDENCY_NOT_READY, 'customer not linked');
    single.apply
      .mockResolvedValueOnce('created')
      .mockRejectedValueOnce(taken)
      .mockRejectedValueOnce(busy);

    const result = await handler.handle(changes.map((change, i) => messageOf(change, i)));

    expect(single.apply.mock.calls.map(([change]) => change)).toEqual(changes);
    expect(result.dispositions).toEqual([
      { kind: 'done' },
      { kind: 'dead-letter', error: taken },
      { kind: 'retry', delayMs: 0, error: busy },
    ]);
  });

  it('fails the whole batch while the database is unavailable, so the runner tries it again', async () => {
    const { handler, batch, changes: single } = setUp();
    batch.apply.mockRejectedValue(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    );

    await expect(handler.handle([messageOf(changes[0], 0)])).rejects.toMatchObject({
      code: RetryableErrorCode.UPSTREAM_UNAVAILABLE,
    });
    expect(single.apply).not.toHaveBeenCalled();
  });
});
