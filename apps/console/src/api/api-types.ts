// The JSON catalog-service answers with, as far as the console reads it. (The console talks to
// the REST API only; these mirror its OpenAPI document at /docs-json.)

export type Scope = 'read' | 'write' | 'admin';
export type EntityType = 'customer' | 'product' | 'invoice';
export type Direction = 'inbound' | 'outbound' | 'both';
export type ConflictStrategy = 'last-writer-wins' | 'catalog-wins' | 'external-wins';

export const ENTITY_TYPES: readonly EntityType[] = ['customer', 'product', 'invoice'];
export const DIRECTIONS: readonly Direction[] = ['both', 'outbound', 'inbound'];
export const CONFLICT_STRATEGIES: readonly ConflictStrategy[] = [
  'last-writer-wins',
  'catalog-wins',
  'external-wins',
];
/** Canonical fields a matching key may name (catalog-service's MATCHABLE_FIELDS). */
export const MATCHABLE_FIELDS: Readonly<Record<EntityType, readonly string[]>> = {
  customer: ['email', 'name', 'phone'],
  product: ['sku', 'name'],
  invoice: ['number'],
};

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Session {
  tenantId: string;
  tenantName: string;
  apiKeyId: string;
  keyName: string;
  scopes: Scope[];
}

export interface Budget {
  used: number;
  limit: number;
  windowMs?: number;
}

/** A reconciliation or inbound backfill run by the connector (the import side). */
export interface InboundRun {
  kind: 'backfill' | 'reconciliation';
  state: 'running' | 'done' | 'failed';
  /** External records listed so far. */
  seen: number;
  /** Of those, the ones that differed and went to the catalog. */
  published: number;
  entityType: EntityType | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface IntegrationOverview {
  system: string;
  connectorRunning: boolean | null;
  connection: {
    enabled: boolean;
    paused: boolean;
    pausedReason: string | null;
    direction: Direction;
    entityTypes: EntityType[];
    updatedAt: string;
  } | null;
  status: {
    health: 'healthy' | 'degraded' | 'down';
    state: 'active' | 'paused' | 'needs-attention' | 'disabled';
    reason: string | null;
    budget: Budget | null;
    apiAllocation: Budget | null;
    observedAt: string;
    /** The connector's latest listing of every external record, and its progress. */
    inboundRun?: InboundRun | null;
  } | null;
  lastSyncedAt: string | null;
  changesLastHour: number;
  openFailures: number;
  failedRecords: number;
  heldDeletes: number;
  backfill: {
    /** paused: the connection is paused; it goes on where it stopped when resumed. */
    status: 'running' | 'paused' | 'done' | 'cancelled';
    published: number;
    /** Live records to send, counted when it started (null for an old backfill). */
    total: number | null;
    /** Records sent per second since it started. */
    ratePerSecond: number | null;
    entityTypes: EntityType[];
    currentEntityType: EntityType | null;
    startedAt: string;
    completedAt: string | null;
  } | null;
}

export interface FieldMapping {
  entityType: EntityType;
  canonicalField: string;
  externalField: string;
  direction?: Direction;
}

export interface FieldOwner {
  entityType: EntityType;
  field: string;
  owner: string;
}

export interface Integration {
  system: string;
  connectionId: string;
  enabled: boolean;
  paused: boolean;
  pausedReason: string | null;
  direction: Direction;
  entityTypes: EntityType[];
  fieldMappings: FieldMapping[];
  matchingKeys: Partial<Record<EntityType, string[]>>;
  conflictPolicy: { default: ConflictStrategy; fieldOwners?: FieldOwner[] };
  settings: Record<string, string | number | boolean>;
  credentials: { set: boolean; keyId: string | null; updatedAt: string | null };
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectorStatusView {
  health: string;
  state: string;
  reason: string | null;
  webhook: { url: string; secretSet: boolean } | null;
  observedAt: string;
}

/** A "test the connection" run by the connector (POST /v1/integrations/:system/test). */
export interface ConnectionTest {
  id: string;
  system: string;
  connectionId: string;
  status: 'pending' | 'succeeded' | 'failed' | 'timed-out';
  /** The provider's own words when it failed. */
  message: string | null;
  errorCode: string | null;
  requestedAt: string;
  testedAt: string | null;
}

export interface HeldDelete {
  id: string;
  system: string;
  entityType: EntityType;
  entityId: string;
  externalId: string;
  changedAt: string;
  status: string;
  createdAt: string;
}

export interface DeadLetter {
  id: string;
  consumerGroup: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  payload: string | null;
  headers: Record<string, string>;
  error: {
    code: string;
    category: string;
    message: string;
    attempts: number | null;
    failedAt: string | null;
  };
  status: 'open' | 'replayed' | 'discarded';
  createdAt: string;
  resolvedAt: string | null;
}

export interface CatalogRecord {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string | null;
  [field: string]: unknown;
}

export interface SystemSync {
  system: string;
  externalId: string | null;
  externalVersion: string | null;
  linkedAt: string | null;
  state: 'pending' | 'synced' | 'failed' | 'conflict' | null;
  lastError: { code?: string; message?: string } | null;
  entityVersion: number | null;
  stateUpdatedAt: string | null;
}

export interface Conflict {
  id: string;
  entityType: EntityType;
  entityId: string;
  system: string;
  field: string;
  catalogValue: unknown;
  externalValue: unknown;
  resolution: string;
  policy: string;
  createdAt: string;
  /** An operator's decision, once taken. */
  resolved: { choice: ConflictChoice; by: string; at: string } | null;
}

/** What an operator decides for a conflict (POST /v1/sync/conflicts/:id/resolve). */
export type ConflictChoice = 'keep-catalog' | 'take-external' | 'delete' | 'restore';

export interface RecordSync {
  entityType: EntityType;
  entityId: string;
  systems: SystemSync[];
  conflicts: Conflict[];
}

export interface ActivityItem {
  id: string;
  system: string;
  kind: string;
  entityType: EntityType | null;
  entityId: string | null;
  externalId: string | null;
  /** The record's name or "Invoice <number>" (older catalog-services do not send it). */
  entityLabel?: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  keyId: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface IssuedApiKey extends ApiKey {
  key: string;
}

export interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface NotificationWebhook {
  url: string;
  createdAt: string;
  updatedAt: string;
}

export interface SyncCharts {
  from: string;
  to: string;
  perMinute: Array<{ minute: string; system: string; changes: number; failures: number }>;
  budgets: Array<{
    system: string;
    budget: Budget | null;
    apiAllocation: Budget | null;
    observedAt: string;
  }>;
  /** Each reported minute's peak use (catalog-service keeps 25 hours of them). */
  budgetPerMinute: Array<{
    minute: string;
    system: string;
    budget: Budget | null;
    apiAllocation: Budget | null;
  }>;
}
