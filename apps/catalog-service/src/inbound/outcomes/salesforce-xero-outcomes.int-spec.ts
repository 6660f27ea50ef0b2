import {
  connectorInboundTopic,
  connectorOutcomeTopic,
  inboundChangeKey,
  type SyncOutcome,
  syncOutcomeKey,
} from '@concord/model';
import { anInboundChange, aSyncOutcome, eventually } from '@concord/testing';

import { publishOnePartition } from '../../../test/applier-probes';
import { startSyncCatalog, type SyncTestCatalog } from '../../../test/sync-test-kit';
import type { TestTenant } from '../../../test/test-catalog';

jest.setTimeout(120_000);

const HASH = 'a'.repeat(64);

/** Outcomes and changes as connector-salesforce and connector-xero publish them (real broker, DB). */
describe('Salesforce and Xero outcomes through the applier (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    await catalog.addConnector('salesforce');
    await catalog.addConnector('xero');
  });

  afterAll(async () => {
    await catalog?.close();
  });

  async function customerIn(tenant: TestTenant, name: string): Promise<string> {
    const created = await tenant.client.post<{ id: string }>('/v1/customers', { name });
    return created.body.id;
  }

  async function syncState(tenant: TestTenant, system: string, entityId: string) {
    return eventually(
      async () => {
        const { rows } = await catalog.db.query<{ state: string; entity_version: number }>(
          `SELECT state, entity_version FROM sync_states
           WHERE tenant_id = $1 AND system = $2 AND entity_id = $3 AND state = 'synced'`,
          [tenant.tenantId, system, entityId],
        );
        if (rows.length === 0) throw new Error(`${system} state of ${entityId} not synced yet`);
        return rows[0];
      },
      { timeoutMs: 30_000 },
    );
  }

  async function linkOf(tenant: TestTenant, system: string, externalId: string) {
    const { rows } = await catalog.db.query<{ entity_id: string }>(
      `SELECT entity_id FROM identity_links WHERE tenant_id = $1 AND system = $2 AND external_id = $3`,
      [tenant.tenantId, system, externalId],
    );
    return rows.map((row) => row.entity_id);
  }

  const outcomeOf = (
    tenant: TestTenant,
    connectionId: string,
    system: string,
    entityId: string,
    externalId: string,
    externalVersion: string | null,
  ): SyncOutcome =>
    aSyncOutcome({
      tenant: tenant.tenantId,
      connectionId,
      system,
      entityId,
      entityVersion: 1,
      status: 'synced',
      externalId,
      externalVersion,
      contentHash: HASH,
    });

  it('records a Salesforce Account and a Xero contact written for catalog customers', async () => {
    const tenant = await catalog.newTenant();
    const sf = await catalog.connect(tenant, 'salesforce', { enabled: true });
    const xero = await catalog.connect(tenant, 'xero', { enabled: true });
    const id = await customerIn(tenant, 'Ada Outcome');
    const accountId = '001Hs00003AbCdEIAZ';
    const contactId = '5b96e86b-418e-48e8-8949-308c14aec278';
    const sfOutcome = outcomeOf(tenant, sf.connectionId, 'salesforce', id, accountId, null);
    const xeroOutcome = outcomeOf(
      tenant,
      xero.connectionId,
      'xero',
      id,
      contactId,
      '2026-12-06T08:40:00.123Z',
    );
    await publishOnePartition(catalog.topic(connectorOutcomeTopic('salesforce')), [
      { key: syncOutcomeKey(tenant.tenantId, id), envelope: sfOutcome },
    ]);
    await publishOnePartition(catalog.topic(connectorOutcomeTopic('xero')), [
      { key: syncOutcomeKey(tenant.tenantId, id), envelope: xeroOutcome },
    ]);
    await syncState(tenant, 'salesforce', id);
    await syncState(tenant, 'xero', id);
    expect(await linkOf(tenant, 'salesforce', accountId)).toEqual([id]);
    expect(await linkOf(tenant, 'xero', contactId)).toEqual([id]);
  });

  it("links the written Account to its catalog customer when the write's echo came first", async () => {
    const tenant = await catalog.newTenant();
    const sf = await catalog.connect(tenant, 'salesforce', { enabled: true });
    const id = await customerIn(tenant, 'Echo First');
    const accountId = '001Hs00003EcHoFIAZ';
    // Salesforce's change event of Concord's own create, before the write's outcome.
    const echo = anInboundChange({
      tenant: tenant.tenantId,
      connectionId: sf.connectionId,
      system: 'salesforce',
      externalId: accountId,
      externalVersion: '2026-12-06T08:40:00.000Z',
      reason: 'webhook',
      content: { name: 'Echo First' },
    });
    await publishOnePartition(catalog.topic(connectorInboundTopic('salesforce')), [
      { key: inboundChangeKey(tenant.tenantId, accountId), envelope: echo },
    ]);
    expect(await catalog.applied(tenant.tenantId, 'salesforce', echo.data.sourceEventId)).toBe(
      'created',
    );
    const [echoRecord] = await linkOf(tenant, 'salesforce', accountId);
    await publishOnePartition(catalog.topic(connectorOutcomeTopic('salesforce')), [
      {
        key: syncOutcomeKey(tenant.tenantId, id),
        envelope: outcomeOf(tenant, sf.connectionId, 'salesforce', id, accountId, null),
      },
    ]);
    await syncState(tenant, 'salesforce', id);
    expect(await linkOf(tenant, 'salesforce', accountId)).toEqual([id]);
    const { rows: moves } = await catalog.db.query<{ entity_id: string; details: unknown }>(
      `SELECT entity_id, details FROM activity WHERE tenant_id = $1 AND kind = 'outcome.link-moved'`,
      [tenant.tenantId],
    );
    expect(moves).toEqual([
      { entity_id: echoRecord, details: expect.objectContaining({ linkedTo: id }) },
    ]);
    // The next change of the Account updates the catalog customer it was written for.
    const next = anInboundChange({
      tenant: tenant.tenantId,
      connectionId: sf.connectionId,
      system: 'salesforce',
      externalId: accountId,
      externalVersion: '2026-12-06T08:41:00.000Z',
      content: { name: 'Echo First renamed' },
    });
    await publishOnePartition(catalog.topic(connectorInboundTopic('salesforce')), [
      { key: inboundChangeKey(tenant.tenantId, accountId), envelope: next },
    ]);
    expect(await catalog.applied(tenant.tenantId, 'salesforce', next.data.sourceEventId)).toBe(
      'updated',
    );
    const read = await tenant.client.get<{ name: string }>(`/v1/customers/${id}`);
    expect(read.body.name).toBe('Echo First renamed');
  });
});
