import { JsonObject } from '../http/json-value';

interface IndexedVersion {
  at: number;
  document: JsonObject | null;
}

export interface VisibleDocument {
  id: string;
  seq: number;
  document: JsonObject;
}

const VERSIONS_KEPT = 20;

/**
 * What search can see. Real Stripe search is eventually consistent (data becomes searchable
 * within about a minute); this index keeps each object's recent versions with the time they were
 * written, and answers a query as of `now - lag`: a fresh object is not found yet, a fresh update
 * is found with its old content, a fresh delete is still found.
 */
export class SearchIndex {
  private readonly versions = new Map<string, { seq: number; history: IndexedVersion[] }>();

  record(id: string, seq: number, document: JsonObject | null, at: number): void {
    const entry = this.versions.get(id) ?? { seq, history: [] };
    entry.history.push({ at, document });
    if (entry.history.length > VERSIONS_KEPT) entry.history.shift();
    this.versions.set(id, entry);
  }

  /** Documents as of `asOf`, newest object first. */
  visibleAt(asOf: number): VisibleDocument[] {
    const visible: VisibleDocument[] = [];
    for (const [id, { seq, history }] of this.versions) {
      const version = [...history].reverse().find((candidate) => candidate.at <= asOf);
      if (version?.document) visible.push({ id, seq, document: version.document });
    }
    return visible.sort((a, b) => b.seq - a.seq);
  }
}
