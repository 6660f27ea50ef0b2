export interface CallView {
  total: number;
  byOrg: Record<string, number>;
  /** `METHOD /pattern`, e.g. `PATCH /composite/sobjects/:type/:field`. */
  byResource: Record<string, number>;
}

/** Counts REST API calls (token requests and streaming excluded) so tests can assert budgets. */
export class CallCounter {
  private total = 0;
  private readonly byOrg = new Map<string, number>();
  private readonly byResource = new Map<string, number>();

  record(orgId: string | undefined, resource: string): void {
    this.total += 1;
    if (orgId !== undefined) this.byOrg.set(orgId, (this.byOrg.get(orgId) ?? 0) + 1);
    this.byResource.set(resource, (this.byResource.get(resource) ?? 0) + 1);
  }

  reset(): void {
    this.total = 0;
    this.byOrg.clear();
    this.byResource.clear();
  }

  view(): CallView {
    return {
      total: this.total,
      byOrg: Object.fromEntries(this.byOrg),
      byResource: Object.fromEntries(this.byResource),
    };
  }
}
