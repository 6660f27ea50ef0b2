import { CatalogEvent, Customer } from '@concord/model';

/**
 * What a team builds on Concord's events: a local, eventually consistent copy of the customers it
 * cares about. Events arrive at least once and in order per customer, so the directory keeps the
 * highest version it has seen per customer and ignores anything not newer (duplicates included).
 */
export class CustomerDirectory {
  private readonly customers = new Map<string, Customer>();
  private welcomed = 0;
  private duplicatesIgnored = 0;

  apply(event: CatalogEvent<'customer'>): 'applied' | 'ignored' {
    const key = `${event.tenant}:${event.subject}`;
    const known = this.customers.get(key);
    if (known && known.version >= event.data.entity.version) {
      this.duplicatesIgnored += 1;
      return 'ignored';
    }
    this.customers.set(key, event.data.entity);
    if (event.data.operation === 'created') this.welcomed += 1;
    return 'applied';
  }

  find(tenant: string, filter: { email?: string } = {}): Customer[] {
    return [...this.customers.values()].filter(
      (c) =>
        c.tenantId === tenant &&
        c.deletedAt === null &&
        (!filter.email || c.email === filter.email),
    );
  }

  stats(): { customers: number; welcomed: number; duplicatesIgnored: number } {
    return {
      customers: this.customers.size,
      welcomed: this.welcomed,
      duplicatesIgnored: this.duplicatesIgnored,
    };
  }
}
