/**
 * The provider event ids handled lately (a bounded, insertion-ordered set): a duplicate delivery
 * is answered 2xx without doing the work again. The catalog deduplicates by source event id too,
 * so forgetting an old id costs only a repeated, harmless publish.
 */
export class RecentEventIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}
