/**
 * An account's objects of one kind, in creation order. `seq` is the creation sequence; list
 * cursors compare it, so pagination stays stable while objects are added or filtered.
 */
export class ResourceCollection<T extends { id: string }> {
  private readonly entries = new Map<string, { seq: number; value: T }>();

  constructor(private readonly nextSeq: () => number) {}

  insert(value: T): T {
    this.entries.set(value.id, { seq: this.nextSeq(), value });
    return value;
  }

  /** Replaces an object, keeping its place in the creation order. */
  replace(value: T): T {
    const entry = this.entries.get(value.id);
    if (!entry) return this.insert(value);
    entry.value = value;
    return value;
  }

  get(id: string): T | undefined {
    return this.entries.get(id)?.value;
  }

  seqOf(id: string): number | undefined {
    return this.entries.get(id)?.seq;
  }

  delete(id: string): boolean {
    return this.entries.delete(id);
  }

  /** Newest first, as Stripe lists. */
  newestFirst(): T[] {
    return [...this.entries.values()].reverse().map((entry) => entry.value);
  }

  get size(): number {
    return this.entries.size;
  }
}
