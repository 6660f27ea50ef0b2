import { randomUUID } from 'node:crypto';

import { OutboundUrlPolicy, pinnedAgent } from '@concord/auth';
import type {
  ExistingLink,
  LinkLookup,
  ResolvedConnection,
  UpsertContext,
} from '@concord/connector-kit';
import { silentKitLogger } from '@concord/connector-kit';
import { aConnectionSettings } from '@concord/testing';

import { createXeroClient, type XeroConnectionClient } from '../src/xero/xero-client.factory';
import { classifyXeroError } from '../src/xero/xero-error.mapper';

export const DEMO_TOKEN = 'concord-demo-token';

/** Links for tests: a plain map, as the kit's state store would hold them. */
export class TestLinks implements LinkLookup {
  readonly map = new Map<string, string>();

  set(entityType: string, entityId: string, externalId: string, part?: string): void {
    this.map.set(`${entityType}:${entityId}${part ? `:${part}` : ''}`, externalId);
  }

  externalId(entityType: string, entityId: string, part?: string): string | null {
    return this.map.get(`${entityType}:${entityId}${part ? `:${part}` : ''}`) ?? null;
  }

  entityId(entityType: string, externalId: string): string | null {
    for (const [key, value] of this.map) {
      const [type, id, part] = key.split(':');
      if (type === entityType && value === externalId && part === undefined) return id;
    }
    return null;
  }
}

/** A Xero connection as the kit resolves it: the simulator at `baseUrl`, one organisation. */
export function xeroConnection(
  baseUrl: string,
  xeroTenantId: string,
  settings: Record<string, string> = {},
  accessToken = DEMO_TOKEN,
): ResolvedConnection {
  const connectionSettings = aConnectionSettings({
    system: 'xero',
    settings: { baseUrl, xeroTenantId, ...settings },
  });
  const url = new URL(baseUrl);
  const policy = new OutboundUrlPolicy({ allowedHosts: [], allowedLoopback: [url.host] });
  return {
    tenant: connectionSettings.tenant,
    connectionId: connectionSettings.connectionId,
    system: 'xero',
    settings: connectionSettings,
    credentials: { accessToken },
    baseUrl: url,
    httpAgent: pinnedAgent(policy, url, { keepAlive: false }),
  };
}

/** The context the kit hands the adapter, minus the budget; `keys` records what was sent. */
export function xeroContext(
  connection: ResolvedConnection,
  options: { links?: TestLinks; existing?: ExistingLink | null } = {},
): UpsertContext<XeroConnectionClient> & { keys: string[]; calls: string[] } {
  const keys: string[] = [];
  const calls: string[] = [];
  const base = `concord-${randomUUID()}`;
  return {
    client: createXeroClient(connection),
    connection,
    links: options.links ?? new TestLinks(),
    lane: 'live',
    log: silentKitLogger,
    idempotencyKey: base,
    existingExternalId: options.existing?.externalId ?? null,
    existing: options.existing ?? null,
    changedFields: null,
    catalogChangedAt: new Date().toISOString(),
    keys,
    calls,
    call: async (step, request) => {
      const key = `${base}-${step}`;
      keys.push(key);
      calls.push(step);
      try {
        return await request(key);
      } catch (error) {
        throw classifyXeroError(error);
      }
    },
  };
}
