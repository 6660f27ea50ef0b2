export interface CallView {
  total: number;
  byOrg: Record<string, number>;
  /** `METHOD /pattern`, e.g. `PATCH /composite/sobjects/:type/:field`. */
  byResource: Record<string, number>;
  /** Access tokens issued (every grant), per org: kept apart from the REST calls above. */
  tokensByOrg: Record<string, number>;
}

/** Counts REST API calls (token requests and streaming excluded) so tests can assert budgets. */
export class CallCounter {
  private total = 0;
  private readonly byOrg = new Map<string, number>();
  private readonly byResource = new Map<string, number>();
  private readonly tokensByOrg = new Map<string, number>();

  record(orgId: string | undefined, resource: string): void {
    this.total += 1;
    if (orgId !== undefined) this.byOrg.set(orgId, (this.byOrg.get(orgId) ?? 0) + 1);
    this.byResource.set(resource, (this.byResource.get(resource) ?? 0) + 1);
  }

  /** An access token issued to the org (token requests are not REST calls). */
  recordToken(orgId: string): void {
    this.tokensByOrg.set(orgId, (this.tokensByOrg.get(orgId) ?? 0) + 1);
  }

  reset(): void {
    this.total = 0;
    this.byOrg.clear();
    this.byResource.clear();
    this.tokensByOrg.clear();
  }

  view(): CallView {
    return {
      total: this.total,
      byOrg: Object.fromEntries(this.byOrg),
      byResource: Object.fromEntries(this.byResource),
      tokensByOrg: Object.fromEntries(this.tokensByOrg),
    };
  }
}
