import { startTestCatalog, type TestCatalog, type TestTenant } from '../../test/test-catalog';

interface KeyView {
  id: string;
  keyId: string;
  name: string;
  scopes: string[];
  revokedAt: string | null;
  rotatedFrom: string | null;
  key?: string;
}

interface AuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  createdAt: string;
}

describe('API keys and the audit log', () => {
  let catalog: TestCatalog;
  let tenant: TestTenant;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    tenant = await catalog.newTenant();
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function works(key: string): Promise<boolean> {
    const response = await tenant.client.get('/v1/customers', { key });
    if (response.status !== 200 && response.status !== 401) {
      throw new Error(`unexpected ${response.status}`);
    }
    return response.status === 200;
  }

  it('creates, lists, revokes and rotates keys, and audits every change', async () => {
    const created = await tenant.client.post<KeyView>('/v1/api-keys', {
      name: 'billing backend',
      scopes: ['write', 'read'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'billing backend', scopes: ['read', 'write'] });
    const billingKey = created.body.key ?? '';
    expect(billingKey).toMatch(/^ck_live_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}$/);
    expect(await works(billingKey)).toBe(true);

    const listed = await tenant.client.get<{ data: KeyView[] }>('/v1/api-keys');
    expect(listed.body.data.map((k) => k.name)).toEqual(['initial admin key', 'billing backend']);
    const listedText = JSON.stringify(listed.body);
    expect(listedText).not.toContain(billingKey);
    expect(listedText).not.toContain('scrypt$');
    for (const key of listed.body.data) expect(Object.keys(key)).not.toContain('key');

    const rotated = await tenant.client.post<KeyView>(`/v1/api-keys/${created.body.id}/rotate`, {});
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ rotatedFrom: created.body.id, scopes: ['read', 'write'] });
    const rotatedKey = rotated.body.key ?? '';
    expect(await works(billingKey)).toBe(false);
    expect(await works(rotatedKey)).toBe(true);

    const graceful = await tenant.client.post<KeyView>(`/v1/api-keys/${rotated.body.id}/rotate`, {
      graceSeconds: 3600,
    });
    expect(await works(rotatedKey)).toBe(true);
    expect(await works(graceful.body.key ?? '')).toBe(true);

    const revoked = await tenant.client.delete<KeyView>(`/v1/api-keys/${rotated.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(await works(rotatedKey)).toBe(false);
    const revokedResponse = await tenant.client.get<{ error: { code: string } }>('/v1/customers', {
      key: rotatedKey,
    });
    expect(revokedResponse.body.error.code).toBe('REVOKED_CREDENTIALS');

    const unknown = await tenant.client.delete('/v1/api-keys/3b0f7a8e-0c1d-4e5f-9a6b-7c8d9e0f1a2b');
    expect(unknown.status).toBe(404);

    const audit = await tenant.client.get<{ data: AuditEntry[] }>('/v1/audit-log?limit=100');
    expect(audit.status).toBe(200);
    const entries = [...audit.body.data].reverse();
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['tenant.created', 'platform-admin'],
      ['api-key.created', 'platform-admin'],
      ['api-key.created', tenant.apiKeyId],
      ['api-key.rotated', tenant.apiKeyId],
      ['api-key.rotated', tenant.apiKeyId],
      ['api-key.revoked', tenant.apiKeyId],
    ]);
    expect(entries[2]).toMatchObject({ targetType: 'api-key', targetId: created.body.id });
    const auditText = JSON.stringify(audit.body);
    for (const secret of [billingKey, rotatedKey, graceful.body.key ?? '', tenant.key]) {
      expect(auditText).not.toContain(secret);
    }
  });

  it("never shows one tenant's keys or audit log to another", async () => {
    const other = await catalog.newTenant();
    const keys = await other.client.get<{ data: KeyView[] }>('/v1/api-keys');
    expect(keys.body.data).toHaveLength(1);
    const audit = await other.client.get<{ data: AuditEntry[] }>('/v1/audit-log');
    expect(audit.body.data.every((e) => e.targetId !== tenant.tenantId)).toBe(true);
    expect(audit.body.data).toHaveLength(2);
    const revokeTheirs = await other.client.delete(`/v1/api-keys/${tenant.apiKeyId}`);
    expect(revokeTheirs.status).toBe(404);
  });

  it('pages the audit log newest first', async () => {
    const first = await tenant.client.get<{ data: AuditEntry[]; nextCursor: string }>(
      '/v1/audit-log?limit=2',
    );
    expect(first.body.data).toHaveLength(2);
    const second = await tenant.client.get<{ data: AuditEntry[] }>(
      `/v1/audit-log?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.data).toHaveLength(2);
    const all = [...first.body.data, ...second.body.data].map((e) => e.createdAt);
    expect([...all].sort().reverse()).toEqual(all);
  });

  it('refuses unknown scopes by field', async () => {
    const response = await tenant.client.post<{ error: { details: { fields: unknown[] } } }>(
      '/v1/api-keys',
      { name: '', scopes: ['superuser'] },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.details.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name' }),
        expect.objectContaining({ field: 'scopes' }),
      ]),
    );
  });
});
