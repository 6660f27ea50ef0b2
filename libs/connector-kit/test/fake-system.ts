import { randomUUID } from 'node:crypto';

import {
  AuthError,
  AuthErrorCode,
  classifyError,
  type ConcordError,
  RateLimitedError,
  RateLimitedErrorCode,
  RetryableError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';
import type { ContentByEntityType, EntityType } from '@concord/model';

import type { ConnectorDefinition, MappedShapes } from '../src/lib/definition/connector-definition';
import type { InboundChangeDraft } from '../src/lib/definition/inbound-source';
import type { ResolvedConnection } from '../src/lib/definition/resolved-connection';

/** A record in the fake external system. */
export interface FakeRecord {
  id: string;
  type: EntityType;
  concordId: string | null;
  data: Record<string, unknown>;
  deleted: boolean;
}

/** A provider event of the fake system (what its webhooks carry). */
export interface FakeEvent {
  id: string;
  type: string;
  recordId: string;
  idempotencyKey: string | null;
}

/** A request the fake system received, for assertions. */
export interface FakeRequest {
  op: string;
  idempotencyKey: string;
  recordId?: string;
}

type Failure = 'auth' | 'rate-limited' | 'daily-limit' | 'unavailable' | 'invalid';

/**
 * An in-memory external system (one per test) with the knobs the kit's tests need: idempotent
 * writes by key, injectable failures, and a request log.
 */
export class FakeSystem {
  readonly records = new Map<string, FakeRecord>();
  readonly requests: FakeRequest[] = [];
  readonly replies = new Map<string, FakeRecord>();
  /** Awaited before a webhook's record is read (tests hold it to see what waits for what). */
  readGate: ((recordId: string) => Promise<void>) | null = null;
  /** The signing secret the next new webhook endpoint gets. */
  nextWebhookSecret = 'fake-secret';
  private failures: Failure[] = [];

  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  byConcordId(type: EntityType, concordId: string): FakeRecord | undefined {
    return [...this.records.values()].find(
      (r) => r.type === type && r.concordId === concordId && !r.deleted,
    );
  }

  put(
    type: EntityType,
    data: Record<string, unknown>,
    concordId: string | null = null,
  ): FakeRecord {
    const record: FakeRecord = {
      id: `${type.slice(0, 3)}_${randomUUID().slice(0, 8)}`,
      type,
      concordId,
      data,
      deleted: false,
    };
    this.records.set(record.id, record);
    return record;
  }

  write(op: string, idempotencyKey: string, apply: () => FakeRecord): FakeRecord {
    this.maybeFail();
    this.requests.push({ op, idempotencyKey });
    const replay = this.replies.get(idempotencyKey);
    if (replay) return replay;
    const record = apply();
    this.replies.set(idempotencyKey, record);
    return record;
  }

  read<T>(op: string, value: () => T): T {
    this.maybeFail();
    this.requests.push({ op, idempotencyKey: '' });
    return value();
  }

  /** The idempotency window passed: earlier keys are forgotten, as Stripe's are after 24 hours. */
  forgetIdempotencyKeys(): void {
    this.replies.clear();
  }

  creates(type: EntityType): number {
    return this.requests.filter((r) => r.op === `create-${type}`).length;
  }

  private maybeFail(): void {
    const failure = this.failures.shift();
    if (failure === 'auth') throw new AuthError(AuthErrorCode.REVOKED_CREDENTIALS, 'key revoked');
    if (failure === 'daily-limit') {
      throw new RateLimitedError(
        RateLimitedErrorCode.DAILY_ALLOWANCE_EXHAUSTED,
        'TotalRequests Limit exceeded.',
        60_000,
      );
    }
    if (failure === 'rate-limited') {
      throw new RateLimitedError(RateLimitedErrorCode.UPSTREAM_RATE_LIMITED, 'slow down', 10);
    }
    if (failure === 'unavailable')
      throw new RetryableError(RetryableErrorCode.UPSTREAM_UNAVAILABLE, 'HTTP 503');
    if (failure === 'invalid')
      throw new ValidationError(ValidationErrorCode.REJECTED_BY_UPSTREAM, 'bad field');
  }
}

/** The fake system's client: the system itself (one per connection is enough for tests). */
export type FakeClient = FakeSystem;

export type FakeMapped = MappedShapes & Record<EntityType, Record<string, unknown>>;

/** A connector definition over a FakeSystem, built like a real one (mappers, adapter, sources). */
export function fakeDefinition(
  system: FakeSystem,
  options: { name?: string; perSecond?: number; burst?: number } = {},
): ConnectorDefinition<FakeClient, FakeEvent, FakeMapped> {
  const mapper = <E extends EntityType>(type: E) => ({
    toExternal: (content: ContentByEntityType[E]) => ({ ...content }) as Record<string, unknown>,
    toCanonical: (external: unknown) => {
      const record = external as FakeRecord;
      return {
        externalId: record.id,
        deleted: record.deleted,
        content: record.data as never,
        changedAt: null,
        externalVersion: null,
      };
    },
    ...(type === 'invoice'
      ? {
          dependencies: (content: ContentByEntityType[E]) => [
            {
              entityType: 'customer' as const,
              entityId: (content as ContentByEntityType['invoice']).customerId,
            },
          ],
        }
      : {}),
  });
  const draftOf = (event: FakeEvent): InboundChangeDraft[] => {
    const record = system.records.get(event.recordId);
    if (!record) return [];
    return [
      {
        entityType: record.type,
        externalId: record.id,
        operation: record.deleted ? 'delete' : 'upsert',
        sourceEventId: event.id,
        changedAt: new Date().toISOString(),
        externalVersion: null,
        content: record.deleted ? null : (record.data as never),
      } as InboundChangeDraft,
    ];
  };
  return {
    system: options.name ?? 'fakesys',
    entityTypes: ['customer', 'product', 'invoice'],
    allowedHosts: ['api.fake.example'],
    defaultBaseUrl: 'https://api.fake.example',
    rateLimit: {
      perSecond: options.perSecond ?? 1000,
      burst: options.burst ?? 1000,
      liveReserve: 0.25,
    },
    createClient: (_connection: ResolvedConnection) => system,
    mappers: {
      customer: mapper('customer'),
      product: mapper('product'),
      invoice: mapper('invoice'),
    },
    outbound: {
      // Like Stripe: the system forgets an idempotency key after a day (forgetIdempotencyKeys).
      idempotencyWindowMs: 24 * 60 * 60 * 1000,
      upsert: async (entityType, entityId, mapped, ctx) => {
        const existing = ctx.existingExternalId;
        const record = await ctx.call(existing ? 'update' : 'create', async (key) =>
          system.write(`${existing ? 'update' : 'create'}-${entityType}`, key, () => {
            if (existing) {
              const current = system.records.get(existing) as FakeRecord;
              // Like a provider patch: given changed fields, only those are written.
              const { changedFields } = ctx;
              current.data =
                changedFields === null
                  ? { ...mapped }
                  : {
                      ...current.data,
                      ...Object.fromEntries(changedFields.map((f) => [f, mapped[f]])),
                    };
              return current;
            }
            return system.put(entityType, { ...mapped }, entityId);
          }),
        );
        return {
          externalId: record.id,
          externalVersion: null,
          parts: (entityType === 'product' ? { price: `price_${record.id}` } : {}) as Record<
            string,
            string
          >,
        };
      },
      delete: async (entityType, externalId, ctx) => {
        await ctx.call('delete', async (key) =>
          system.write(`delete-${entityType}`, key, () => {
            const record = system.records.get(externalId) as FakeRecord;
            record.deleted = true;
            return record;
          }),
        );
      },
      readContent: async (_entityType, externalId, ctx) =>
        ctx.call('read', async () =>
          system.read('read', () => {
            const record = system.records.get(externalId);
            return record && !record.deleted ? { ...record.data } : null;
          }),
        ),
      findByConcordId: async (entityType, entityId, ctx) =>
        ctx.call('find', async () =>
          system.read(
            `find-${entityType}`,
            () => system.byConcordId(entityType, entityId)?.id ?? null,
          ),
        ),
      findByMatchingKey: async (entityType, key, value, ctx) =>
        ctx.call('match', async () =>
          system.read(
            `match-${entityType}`,
            () =>
              [...system.records.values()].find(
                (r) => r.type === entityType && r.concordId === null && r.data[key] === value,
              )?.id ?? null,
          ),
        ),
    },
    inbound: {
      webhook: {
        verify: (rawBody, headers, secrets) => {
          if (!secrets.includes(headers['x-fake-signature'] ?? '')) {
            throw new AuthError(AuthErrorCode.INVALID_SIGNATURE, 'bad signature');
          }
          return JSON.parse(rawBody.toString('utf8')) as FakeEvent[];
        },
        eventId: (event) => event.id,
        eventType: (event) => event.type,
        isOwnWrite: (event) => (event.idempotencyKey ?? '').startsWith('concord-'),
        subjectOf: (event) => event.recordId,
        toChanges: async (event) => {
          if (!event.type.startsWith('record.')) return null;
          await system.readGate?.(event.recordId);
          return draftOf(event);
        },
        register: async (_url, known) => {
          system.requests.push({ op: 'register-webhook', idempotencyKey: '' });
          return known
            ? { endpointId: known.endpointId, secret: null }
            : { endpointId: 'we_1', secret: system.nextWebhookSecret };
        },
      },
      poll: [],
      listAll: async function* (entityType) {
        for (const record of system.records.values()) if (record.type === entityType) yield record;
      },
    },
    healthProbe: async (client) => {
      client.read('probe', () => true);
    },
    classifyError: (error: unknown): ConcordError => classifyError(error),
  };
}
