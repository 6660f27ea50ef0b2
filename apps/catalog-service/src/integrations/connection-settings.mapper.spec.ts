import { encryptSecret, KeyRing } from '@concord/auth';
import { ConnectionSettings, validate } from '@concord/model';

import {
  matchingKeysFor,
  toConnectionSettings,
  toIntegrationView,
} from './connection-settings.mapper';
import type { IntegrationConnection } from './integration-connection.repository';

const ring = new KeyRing({ k1: Buffer.alloc(32, 1) }, 'k1');

function connection(overrides: Partial<IntegrationConnection> = {}): IntegrationConnection {
  return {
    id: '7a1c2f7e-3d44-4b7a-9d55-0f1e2d3c4b5a',
    tenantId: 'acme',
    system: 'stripe',
    enabled: true,
    paused: false,
    pausedReason: null,
    direction: 'both',
    entityTypes: ['customer'],
    fieldMappings: [],
    matchingKeys: { customer: ['email'] },
    conflictPolicy: { default: 'last-writer-wins', fieldOwners: [] },
    credentialsEncrypted: encryptSecret(ring, '{"apiKey":"sk_test_x"}', 'acme:stripe'),
    credentialsUpdatedAt: new Date('2030-01-01T00:00:00Z'),
    settings: { baseUrl: 'http://127.0.0.1:12111' },
    version: 3,
    createdAt: new Date('2029-12-01T00:00:00Z'),
    updatedAt: new Date('2030-01-01T00:00:00Z'),
    ...overrides,
  };
}

describe('connection mappers', () => {
  it('publishes valid settings with the credentials still encrypted', () => {
    const settings = toConnectionSettings(connection());
    expect(validate(ConnectionSettings, settings).ok).toBe(true);
    expect(settings.credentials).toMatch(/^enc:v1:k1:/);
  });

  it('shows credentials only as set, under which key and since when', () => {
    const view = toIntegrationView(connection());
    expect(view.credentials).toEqual({
      set: true,
      keyId: 'k1',
      updatedAt: '2030-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(view)).not.toContain('enc:v1');
    expect(
      toIntegrationView(connection({ credentialsEncrypted: null, credentialsUpdatedAt: null }))
        .credentials,
    ).toEqual({ set: false, keyId: null, updatedAt: null });
  });

  it('falls back to the default matching keys for types the connection configures none for', () => {
    expect(matchingKeysFor(connection(), 'customer')).toEqual(['email']);
    expect(matchingKeysFor(connection(), 'invoice')).toEqual(['number']);
    expect(matchingKeysFor(connection({ matchingKeys: { product: [] } }), 'product')).toEqual([]);
  });
});
