import type { Integration, IntegrationOverview, Scope, Session } from '../api/api-types';
import { FakeCatalog } from './fake-catalog';

export const ADMIN_KEY = 'ck_test_adminkey0001_secretsecretsecretsecretsecret';
export const READ_KEY = 'ck_test_readkey00001_secretsecretsecretsecretsecret';

export function aSession(scopes: Scope[]): Session {
  return {
    tenantId: 'acme',
    tenantName: 'Acme Ltd',
    apiKeyId: scopes.includes('admin') ? 'key-admin' : 'key-read',
    keyName: scopes.includes('admin') ? 'Finance admin' : 'Auditor',
    scopes,
  };
}

type OverviewConnection = NonNullable<IntegrationOverview['connection']>;
type OverviewStatus = NonNullable<IntegrationOverview['status']>;

/** An enabled two-way connection, as the overview shows it. */
export function aConnection(overrides: Partial<OverviewConnection> = {}): OverviewConnection {
  return {
    enabled: true,
    paused: false,
    pausedReason: null,
    direction: 'both',
    entityTypes: ['customer', 'product', 'invoice'],
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A healthy connector's last status, its rate budget barely used. */
export function aStatus(overrides: Partial<OverviewStatus> = {}): OverviewStatus {
  return {
    health: 'healthy',
    state: 'active',
    reason: null,
    budget: { used: 3, limit: 25, windowMs: 1000 },
    apiAllocation: null,
    observedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function anOverview(overrides: Partial<IntegrationOverview> = {}): IntegrationOverview {
  return {
    system: 'stripe',
    connectorRunning: true,
    connection: aConnection(),
    status: aStatus(),
    lastSyncedAt: new Date(Date.now() - 120_000).toISOString(),
    changesLastHour: 42,
    openFailures: 0,
    failedRecords: 0,
    heldDeletes: 0,
    backfill: null,
    ...overrides,
  };
}

export function anIntegration(overrides: Partial<Integration> = {}): Integration {
  return {
    system: 'stripe',
    connectionId: '5f0c2a8e-7d1b-4c55-9a0e-000000000001',
    enabled: true,
    paused: false,
    pausedReason: null,
    direction: 'both',
    entityTypes: ['customer', 'product', 'invoice'],
    fieldMappings: [],
    matchingKeys: { customer: ['email'] },
    conflictPolicy: { default: 'last-writer-wins', fieldOwners: [] },
    settings: {},
    credentials: { set: true, keyId: 'k1', updatedAt: new Date().toISOString() },
    version: 3,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A catalog with an admin key and a read-only key of tenant "acme", Stripe connected. */
export function aCatalog(overview: IntegrationOverview[] = [anOverview()]): FakeCatalog {
  const keys: Record<string, Session> = {
    [`Bearer ${ADMIN_KEY}`]: aSession(['read', 'write', 'admin']),
    [`Bearer ${READ_KEY}`]: aSession(['read']),
  };
  const isAdmin = (authorization: string | undefined) =>
    keys[authorization ?? '']?.scopes.includes('admin') ?? false;
  return new FakeCatalog()
    .on('GET', '/v1/session', ({ authorization }) => {
      const session = keys[authorization ?? ''];
      return session
        ? { status: 200, body: session }
        : {
            status: 401,
            body: { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid API key' } },
          };
    })
    .on('GET', '/v1/overview/integrations', () => ({ status: 200, body: { data: overview } }))
    .on('GET', /^\/v1\/integrations\/[a-z-]+$/, ({ authorization }) =>
      isAdmin(authorization)
        ? { status: 200, body: anIntegration() }
        : { status: 403, body: { error: { message: 'This API key lacks the "admin" scope' } } },
    );
}
