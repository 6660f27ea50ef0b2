import { encryptSecret } from '@concord/auth';

import { fakeDefinition, FakeSystem } from '../../../test/fake-system';
import {
  connectionSettings,
  outboundHarness,
  publicLookup,
  testKeyRing,
} from '../../../test/kit-harness';
import { silentKitLogger } from '../definition/kit-logger';
import { ConnectionRegistry } from './connection-registry';
import { ConnectionResolver, parseCredentials } from './connection-resolver';
import { connectionState } from './connection-state';

describe('ConnectionResolver', () => {
  const resolver = new ConnectionResolver(
    testKeyRing,
    ['api.fake.example'],
    ['127.0.0.1:12111'],
    'https://api.fake.example',
    publicLookup,
  );

  it('decrypts credentials bound to tenant:system and checks the base URL', async () => {
    const settings = connectionSettings('fakesys');
    const resolved = await resolver.resolve(settings);
    expect(resolved).toMatchObject({
      ok: true,
      connection: { credentials: { apiKey: 'secret-key' } },
    });
    if (resolved.ok) expect(resolved.connection.baseUrl.host).toBe('api.fake.example');
  });

  it('refuses credentials copied from another tenant', async () => {
    const other = connectionSettings('fakesys');
    const settings = connectionSettings('fakesys', { credentials: other.credentials });
    const resolved = await resolver.resolve(settings);
    expect(resolved).toEqual({
      ok: false,
      problem: expect.stringContaining('cannot be decrypted'),
    });
    expect(JSON.stringify(resolved)).not.toContain('secret-key');
  });

  it('allows a simulator on loopback only when listed, and nothing else local', async () => {
    const simulator = connectionSettings('fakesys', {
      settings: { baseUrl: 'http://127.0.0.1:12111' },
    });
    expect((await resolver.resolve(simulator)).ok).toBe(true);
    for (const baseUrl of [
      'http://127.0.0.1:9999',
      'http://169.254.169.254',
      'https://evil.example.org',
    ]) {
      const refused = await resolver.resolve(
        connectionSettings('fakesys', { settings: { baseUrl } }),
      );
      expect(refused).toEqual({ ok: false, problem: expect.stringContaining('URL_NOT_ALLOWED') });
    }
  });

  it('refuses field mappings the connector cannot honour, naming each, and any without the hook', async () => {
    const mappings = [
      { entityType: 'customer' as const, canonicalField: 'metadata.a', externalField: 'x_a' },
      { entityType: 'customer' as const, canonicalField: 'phone', externalField: 'x_phone' },
    ];
    const picky = new ConnectionResolver(
      testKeyRing,
      ['api.fake.example'],
      [],
      'https://api.fake.example',
      publicLookup,
      (mapping) => (mapping.canonicalField.startsWith('metadata.') ? null : 'custom fields only'),
    );
    const settings = connectionSettings('fakesys', { fieldMappings: mappings });
    expect(await picky.resolve(settings)).toEqual({
      ok: false,
      problem: 'unsupported field mappings: customer phone -> x_phone: custom fields only',
    });
    expect(
      await picky.resolve(connectionSettings('fakesys', { fieldMappings: [mappings[0]] })),
    ).toMatchObject({ ok: true });
    expect(
      await resolver.resolve(connectionSettings('fakesys', { fieldMappings: [mappings[0]] })),
    ).toEqual({ ok: false, problem: expect.stringContaining('supports no field mappings') });
  });

  it('reads credentials as a JSON object, or a bare key', () => {
    expect(parseCredentials('{"apiKey":"k","n":1}')).toEqual({ apiKey: 'k' });
    expect(parseCredentials('sk_test_1')).toEqual({ apiKey: 'sk_test_1' });
  });
});

describe('ConnectionRegistry', () => {
  it('keeps only its own system, replaces settings by version and forgets tombstoned connections', async () => {
    const { registry, connect } = outboundHarness(fakeDefinition(new FakeSystem()));
    const mine = connectionSettings('fakesys');
    await connect(mine);
    await connect(connectionSettings('othersys'));
    expect(registry.all()).toHaveLength(1);
    await connect({ ...mine, version: 2, paused: true, pausedReason: 'operator' });
    expect(connectionState(registry.forTenant(mine.tenant) ?? (null as never))).toBe('paused');
    await registry.apply({ key: `${mine.tenant}:fakesys`, value: null, partition: 0, offset: '3' });
    expect(registry.forTenant(mine.tenant)).toBeNull();
  });

  it('applies settings only when their version grows: an older one arriving late changes nothing', async () => {
    const { registry, connect } = outboundHarness(fakeDefinition(new FakeSystem()));
    const mine = connectionSettings('fakesys');
    await connect({ ...mine, version: 3, paused: true, pausedReason: 'operator' });
    await connect({ ...mine, version: 2, paused: false });
    await connect({ ...mine, version: 3, paused: false });
    const applied = registry.forTenant(mine.tenant) ?? (null as never);
    expect(applied.settings.version).toBe(3);
    expect(connectionState(applied)).toBe('paused');
    // Another connection id is a new connection: its versions start again.
    await connect({
      ...mine,
      connectionId: '9d0f1c7e-5b3a-4c1e-8f2a-0a6b7c8d9e10',
      version: 1,
      paused: false,
    });
    expect(registry.forTenant(mine.tenant)?.settings.connectionId).toBe(
      '9d0f1c7e-5b3a-4c1e-8f2a-0a6b7c8d9e10',
    );
  });

  it('treats the JSON text null (a tombstone as Debezium forwards it) as a removed connection', async () => {
    const { registry, connect } = outboundHarness(fakeDefinition(new FakeSystem()));
    const mine = connectionSettings('fakesys');
    await connect(mine);
    expect(registry.forTenant(mine.tenant)).not.toBeNull();
    await registry.apply({
      key: `${mine.tenant}:fakesys`,
      value: Buffer.from('null'),
      partition: 0,
      offset: '4',
    });
    expect(registry.forTenant(mine.tenant)).toBeNull();
  });

  it('marks unusable settings as needing attention without a client', async () => {
    const registry = new ConnectionRegistry(
      'fakesys',
      new ConnectionResolver(
        testKeyRing,
        ['api.fake.example'],
        [],
        'https://api.fake.example',
        publicLookup,
      ),
      () => ({}),
      silentKitLogger,
    );
    const settings = connectionSettings('fakesys', {
      credentials: encryptSecret(testKeyRing, 'x', 'someone-else:fakesys'),
    });
    await registry.apply({
      key: `${settings.tenant}:fakesys`,
      value: Buffer.from(JSON.stringify(settings)),
      partition: 0,
      offset: '0',
    });
    const entry = registry.forTenant(settings.tenant);
    expect(entry && connectionState(entry)).toBe('needs-attention');
    expect(entry?.client).toBeNull();
  });

  it('shares the attention flag through the state store and clears it with new credentials', async () => {
    const { registry, attention, connect } = outboundHarness(fakeDefinition(new FakeSystem()));
    const settings = connectionSettings('fakesys');
    await connect(settings);
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    await attention.flag(scope, { kind: 'credentials', reason: 'key revoked' });
    expect(connectionState(registry.forTenant(settings.tenant) ?? (null as never))).toBe(
      'needs-attention',
    );
    expect(registry.forTenant(settings.tenant)?.attention).toEqual({
      kind: 'credentials',
      reason: 'key revoked',
    });
    await connect({
      ...connectionSettings('fakesys', {
        tenant: settings.tenant,
        connectionId: settings.connectionId,
      }),
      version: 2,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(connectionState(registry.forTenant(settings.tenant) ?? (null as never))).toBe('active');
  });
});
