import { Connection } from 'jsforce';

import type { CatalogClient } from '../../world/catalog-client';
import { connectIntegration } from '../../world/integration-setup';
import { writeInBatches } from './concurrent-batches';
import type { CallCount, RemoteSystem } from './remote-system';

/** The REST API version the bench's own jsforce calls use (the connector's default). */
const API_VERSION = '62.0';
/** Records a composite collection call takes. */
const COLLECTION_SIZE = 200;

interface OrgCredentials {
  orgId: string;
  clientId: string;
  clientSecret: string;
}

interface SaveResult {
  success: boolean;
  errors?: Array<{ statusCode: string; message: string }>;
}

/** POSTs (or GETs) the Salesforce simulator's control API; throws on an error answer. */
async function control<T>(baseUrl: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/_control/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`salesforce control ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * An org of its own in the Salesforce simulator (with its connected app), customers as
 * Accounts (the connector's default mapping). Calls are the simulator's count for the org: every
 * REST call, token and streaming requests excluded.
 */
export class SalesforceRemote implements RemoteSystem {
  readonly system = 'salesforce';

  private constructor(
    private readonly baseUrl: string,
    private readonly org: OrgCredentials,
    /** jsforce as a person working in the org (the seeding and the final count). */
    private readonly person: Connection,
  ) {}

  static async create(baseUrl: string, name: string): Promise<SalesforceRemote> {
    const org = await control<OrgCredentials>(baseUrl, 'orgs', { name });
    const person = new Connection({
      version: API_VERSION,
      loginUrl: baseUrl,
      oauth2: { loginUrl: baseUrl, clientId: org.clientId, clientSecret: org.clientSecret },
    });
    await person.authorize({ grant_type: 'client_credentials' });
    return new SalesforceRemote(baseUrl, org, person);
  }

  /** Accounts created 200 a call (`POST /composite/sobjects`), 4 calls at a time. */
  seed(count: number): Promise<number> {
    return writeInBatches(count, COLLECTION_SIZE, 4, async (start, end) => {
      const records = [];
      for (let i = start; i < end; i += 1)
        records.push({ attributes: { type: 'Account' }, Name: `Imported ${i}` });
      const results = await this.person.request<SaveResult[]>({
        method: 'POST',
        url: '/composite/sobjects',
        body: JSON.stringify({ allOrNone: true, records }),
        headers: { 'content-type': 'application/json' },
      });
      const failed = results.find((result) => !result.success);
      if (failed) throw new Error(`accounts not seeded: ${JSON.stringify(failed.errors)}`);
    });
  }

  async beforeMeasure(): Promise<void> {
    // Salesforce's daily allocation (15,000 a day by default) is the only limit; it stays on.
  }

  async afterMeasure(): Promise<void> {
    // Nothing to undo.
  }

  /** Customers only, no polling (the backfill is what is measured), no matching keys. */
  connect(catalog: CatalogClient, direction: 'inbound' | 'outbound'): Promise<void> {
    return connectIntegration(catalog, 'salesforce', {
      integration: {
        direction,
        entityTypes: ['customer'],
        matchingKeys: {},
        settings: { baseUrl: this.baseUrl },
      },
      credentials: { clientId: this.org.clientId, clientSecret: this.org.clientSecret },
    });
  }

  async calls(): Promise<CallCount> {
    const view = await control<{ byOrg: Record<string, number> }>(this.baseUrl, 'calls');
    return { calls: view.byOrg[this.org.orgId] ?? 0, rejected: 0 };
  }

  async records(): Promise<number> {
    return (await this.person.query('SELECT COUNT() FROM Account')).totalSize;
  }
}
