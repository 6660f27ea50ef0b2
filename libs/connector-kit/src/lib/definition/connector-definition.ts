import type { ConcordError } from '@concord/errors';
import type { EntityType, FieldMapping } from '@concord/model';

import type { EntityMapper } from './entity-mapper';
import type { InboundSources } from './inbound-source';
import type { OutboundAdapter } from './outbound-adapter';
import type { ResolvedConnection } from './resolved-connection';

/** The payload type each entity type maps to (what `toExternal` returns). */
export type MappedShapes = Record<EntityType, unknown>;

/** Rate budget of one tenant in one system, shared by every replica. */
export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Largest burst (bucket size). */
  burst: number;
  /**
   * Share of the bucket (0..1) the backfill lane may not use, kept for live changes on top of
   * their priority (0 when absent). Live calls always go first: while one waits for a token the
   * backfill lane takes none it would need (see `budget/rate-budget.ts`).
   */
  liveReserve?: number;
  /**
   * Calls of one tenant in flight at once, across every replica (Xero: 5 per organisation); a
   * call waits for a slot (`budget/call-slots.ts`). Unlimited when absent.
   */
  concurrency?: number;
}

/** Calls used and allowed in the provider's rolling day, as its last answer reported them. */
export interface AllowanceUsage {
  used: number;
  limit: number;
}

/**
 * A provider's own daily allocation of API calls (Salesforce: `Sforce-Limit-Info`; Xero: the
 * day limit headers). The kit shares what any replica read last (through the rate budget), shows
 * it on the status (`apiAllocation`), warns and slows backfills down from `warnAt`, and pauses the
 * connection when a call is refused with `DAILY_ALLOWANCE_EXHAUSTED`, until a probe works again.
 */
export interface DailyAllowance<TClient> {
  /** The allocation the client's last answer reported, or null before any. */
  usage(client: TClient): AllowanceUsage | null;
  /** Share of the limit from which the status warns and backfill calls slow down (0.8). */
  warnAt?: number;
}

/** Everything a connector implements; the kit does the rest. */
export interface ConnectorDefinition<
  TClient = unknown,
  TEvent = unknown,
  TMapped extends MappedShapes = MappedShapes,
> {
  /** System name: topic names, consumer group and webhook path derive from it. */
  system: string;
  /** Entity types the connector can sync. */
  entityTypes: readonly EntityType[];
  /** Official API hosts (the outbound allow-list); loopback only by explicit setting. */
  allowedHosts: readonly string[];
  /** API base URL when the connection settings carry no `baseUrl`. */
  defaultBaseUrl: string;
  /** Default rate budget; a connection may lower it with `settings.rateLimitPerSecond`. */
  rateLimit: RateLimit;
  /** The provider's daily call allocation, when it has one (see `DailyAllowance`). */
  dailyAllowance?: DailyAllowance<TClient>;
  /** Builds the provider client for a connection (called again when its settings change). */
  createClient(connection: ResolvedConnection): TClient;
  /**
   * Why a field mapping cannot be honoured (null when it can). Mappers apply the supported ones
   * (`fieldMappingsOf(ctx.connection, entityType)`); a connection carrying an unsupported one is
   * refused with the problem named. Without this hook the connector supports no field mappings.
   */
  fieldMappingProblem?(mapping: FieldMapping): string | null;
  /** Mappers per entity type. */
  mappers: { [E in EntityType]: EntityMapper<E, TMapped[E]> };
  /** Writes to the external system. */
  outbound: OutboundAdapter<TClient, TMapped>;
  /** Webhooks, polled streams and full listings. */
  inbound: InboundSources<TClient, TEvent>;
  /** A cheap authenticated call; throws (classified) when the system is unreachable or refuses. */
  healthProbe(client: TClient): Promise<void>;
  /**
   * The operator's "test the connection": a cheap authenticated call made with the connection's
   * real credentials (e.g. Stripe's balance). It throws what the provider SDK throws; the kit
   * classifies it and reports the provider's message. Without this hook `healthProbe` is used.
   */
  testConnection?(client: TClient): Promise<void>;
  /** Turns what the provider SDK throws into the Concord taxonomy (429, 5xx, 401, 400...). */
  classifyError(error: unknown): ConcordError;
}
