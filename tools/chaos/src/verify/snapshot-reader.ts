import type { CatalogClient } from '../clients/catalog-client';
import type { EntityKind } from '../workload/oracle';
import { catalogFields, type CatalogRecord } from './field-views';
import type { ObservedRecord, Snapshot } from './observed';
import type { SystemReader } from './readers/system-reader';
import { EXTERNAL_SYSTEMS, type ExternalSystem } from './systems';

interface SyncView {
  systems: Array<{ system: string; externalId: string | null }>;
}

type Links = Partial<Record<ExternalSystem, string>>;

const PATHS: Record<EntityKind, string> = {
  customer: '/v1/customers',
  product: '/v1/products',
  invoice: '/v1/invoices',
};

/**
 * Reads every customer, product and invoice of the tenant from the catalog and from every
 * connected system, deleted ones included (catalog: `includeDeleted=true`; each system as its
 * reader says), so a duplicate counts even when it was later deleted. A catalog record carries its
 * links (`GET /v1/<records>/:id/sync`): how a system's copy without a catalog id is matched.
 */
export class SnapshotReader {
  /** catalog id -> its links, once every system that syncs its kind has one (they do not change). */
  private readonly links = new Map<string, Links>();

  constructor(
    private readonly catalog: CatalogClient,
    private readonly systems: readonly SystemReader[],
    /** The systems each kind is synced with (a record is fully linked once it has all of them). */
    private readonly linkedSystems: (kind: EntityKind) => readonly ExternalSystem[],
  ) {}

  async read(): Promise<Snapshot> {
    const [customers, products, invoices, ...external] = await Promise.all([
      this.readCatalog('customer'),
      this.readCatalog('product'),
      this.readCatalog('invoice'),
      ...this.systems.map((reader) => reader.readAll()),
    ]);
    const snapshot: Snapshot = { catalog: [...customers, ...products, ...invoices] };
    this.systems.forEach((reader, i) => (snapshot[reader.system] = external[i]));
    return snapshot;
  }

  private async readCatalog(kind: EntityKind): Promise<ObservedRecord[]> {
    const records = await this.catalog.listAll<CatalogRecord>(`${PATHS[kind]}?includeDeleted=true`);
    const observed: ObservedRecord[] = [];
    for (const record of records) {
      observed.push({
        kind,
        id: record.id,
        linkedId: null,
        links: await this.linksOf(kind, record.id),
        deleted: record.deletedAt !== null,
        fields: catalogFields(kind, record),
      });
    }
    return observed;
  }

  private async linksOf(kind: EntityKind, id: string): Promise<Links> {
    const known = this.links.get(id);
    if (known) return known;
    const sync = await this.catalog.request<SyncView>('GET', `${PATHS[kind]}/${id}/sync`);
    const links: Links = {};
    if (sync.status !== 200) return links;
    for (const { system, externalId } of sync.body.systems) {
      const name = EXTERNAL_SYSTEMS.find((s) => s === system);
      if (name && externalId) links[name] = externalId;
    }
    if (this.linkedSystems(kind).every((system) => links[system])) this.links.set(id, links);
    return links;
  }
}
