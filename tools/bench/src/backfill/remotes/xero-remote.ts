import { randomUUID } from 'node:crypto';

import { XeroClient } from 'xero-node';

import type { CatalogClient } from '../../world/catalog-client';
import { connectIntegration } from '../../world/integration-setup';
import { writeInBatches } from './concurrent-batches';
import type { CallCount, RemoteSystem } from './remote-system';

/** The simulator's demo access token: it opens any organisation of the simulator, nothing else. */
const DEMO_TOKEN = 'concord-demo-token';
/** Records one PUT takes. */
const BATCH_SIZE = 50;
/** Xero's limits per organisation, as the simulator enforces them once switched on. */
export const XERO_LIMITS = { perMinute: 60, concurrent: 5, perDay: 5000 } as const;

interface SimulatorCalls {
  tenants: Record<string, { calls: number; rejected: Record<string, number> }>;
}

/** Calls the Xero simulator's control API; throws on an error answer. */
async function control<T>(
  baseUrl: string,
  path: string,
  method: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}/_control/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`xero control ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * An organisation of its own in the Xero simulator (a fresh tenant id, reached with the demo
 * token), customers as Contacts. Seeded with Xero's limits off; measured with them on (60 calls a
 * minute, 5 at once, 5,000 a day). Calls are the simulator's count for the organisation: every
 * accounting API call (token and connections requests are not accounting calls).
 */
export class XeroRemote implements RemoteSystem {
  readonly system = 'xero';
  private readonly organisation = randomUUID();
  private readonly xero = new XeroClient();

  constructor(private readonly baseUrl: string) {
    this.xero.accountingApi.basePath = `${baseUrl}/api.xro/2.0`;
    this.xero.setTokenSet({ access_token: DEMO_TOKEN, token_type: 'Bearer' });
  }

  /** Contacts created 50 a call (`PUT /Contacts`, xero-node's `createContacts`), 4 calls at a time. */
  seed(count: number): Promise<number> {
    return writeInBatches(count, BATCH_SIZE, 4, async (start, end) => {
      const contacts = [];
      for (let i = start; i < end; i += 1)
        contacts.push({ name: `Imported ${i}`, emailAddress: `import-${i}@bench.example` });
      await this.xero.accountingApi.createContacts(this.organisation, { contacts });
    });
  }

  /** Forgets the seeding's calls and windows, then enforces Xero's real limits. */
  async beforeMeasure(): Promise<void> {
    await control(this.baseUrl, 'calls', 'DELETE');
    await control(this.baseUrl, 'limits', 'POST', { enabled: true, ...XERO_LIMITS });
  }

  async afterMeasure(): Promise<void> {
    await control(this.baseUrl, 'limits', 'POST', { enabled: false });
  }

  /**
   * Customers only, no polling, no matching keys (an exported record is found by its catalog id,
   * the ContactNumber, which the batch write does itself).
   */
  connect(catalog: CatalogClient, direction: 'inbound' | 'outbound'): Promise<void> {
    return connectIntegration(catalog, 'xero', {
      integration: {
        direction,
        entityTypes: ['customer'],
        matchingKeys: {},
        settings: { baseUrl: this.baseUrl, xeroTenantId: this.organisation },
      },
      credentials: { accessToken: DEMO_TOKEN },
    });
  }

  async calls(): Promise<CallCount> {
    const view = await control<SimulatorCalls>(this.baseUrl, 'calls', 'GET');
    const own = view.tenants[this.organisation];
    if (!own) return { calls: 0, rejected: 0 };
    // The simulator counts admitted calls and refusals apart; the connector made both.
    const rejected = Object.values(own.rejected).reduce((sum, n) => sum + n, 0);
    return { calls: own.calls + rejected, rejected };
  }

  async records(): Promise<number> {
    const state = await control<{ organisations?: Record<string, { contacts: number }> }>(
      this.baseUrl,
      'state',
      'GET',
    );
    return state.organisations?.[this.organisation]?.contacts ?? 0;
  }
}
