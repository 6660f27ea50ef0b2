import { SimulationClock } from '@concord/simulators/core';

import { Organisation } from './organisation';
import { XeroIdFactory } from './xero-id.factory';

export const DEMO_TENANT_ID = '00000000-0000-0000-0000-000000000001';

/** Every organisation the simulator holds; a tenant id seen for the first time becomes one. */
export class OrganisationRegistry {
  private readonly organisations = new Map<string, Organisation>();

  constructor(
    private readonly clock: SimulationClock,
    private readonly ids: XeroIdFactory,
    private readonly demoTenantId: string = DEMO_TENANT_ID,
  ) {
    this.create(demoTenantId, 'Concord Demo Company (Global)');
  }

  get demoTenant(): string {
    return this.demoTenantId;
  }

  getOrCreate(tenantId: string): Organisation {
    const id = tenantId.toLowerCase();
    return this.organisations.get(id) ?? this.create(id, `Organisation ${id.slice(0, 8)}`);
  }

  create(tenantId: string, name: string): Organisation {
    const id = tenantId.toLowerCase();
    const existing = this.organisations.get(id);
    if (existing) return existing;
    const organisation = new Organisation(id, name, this.clock.now(), this.ids.uuid(), [
      this.ids.uuid(),
      this.ids.uuid(),
      this.ids.uuid(),
      this.ids.uuid(),
    ]);
    this.organisations.set(id, organisation);
    return organisation;
  }

  list(): Organisation[] {
    return [...this.organisations.values()];
  }

  /** Wipes every organisation's records (the organisations themselves stay connected). */
  reset(): void {
    for (const organisation of this.organisations.values()) organisation.reset();
  }

  summary(): Record<string, Record<string, number | string>> {
    return Object.fromEntries(this.list().map((org) => [org.tenantId, org.summary()]));
  }
}
