import { SObjectRecord } from './sobject-record';

/**
 * Every record of one org, by id and by type (in creation order), with the case-insensitive
 * unique index that external-id upserts and duplicate checks use. Deleted records stay (the
 * recycle bin) but leave the unique index.
 */
export class RecordStore {
  private readonly byId = new Map<string, SObjectRecord>();
  private readonly byType = new Map<string, Map<string, SObjectRecord>>();
  private readonly unique = new Map<string, Map<string, string>>();

  get(id: string): SObjectRecord | undefined {
    return this.byId.get(id);
  }

  ofType(type: string): IterableIterator<SObjectRecord> {
    return (this.byType.get(type) ?? new Map<string, SObjectRecord>()).values();
  }

  findUnique(type: string, field: string, value: string): SObjectRecord | undefined {
    const id = this.unique.get(`${type}.${field}`)?.get(value.toLowerCase());
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Adds or replaces a record; `uniqueFields` are the fields indexed for it. */
  put(record: SObjectRecord, uniqueFields: readonly string[]): void {
    const previous = this.byId.get(record.id);
    if (previous) this.unindex(previous, uniqueFields);
    this.byId.set(record.id, record);
    let typed = this.byType.get(record.type);
    if (!typed) {
      typed = new Map();
      this.byType.set(record.type, typed);
    }
    typed.set(record.id, record);
    if (record.deletedAt === null) this.index(record, uniqueFields);
  }

  /** Removes a record entirely (used to undo a create). */
  drop(record: SObjectRecord, uniqueFields: readonly string[]): void {
    this.unindex(record, uniqueFields);
    this.byId.delete(record.id);
    this.byType.get(record.type)?.delete(record.id);
  }

  clear(): void {
    this.byId.clear();
    this.byType.clear();
    this.unique.clear();
  }

  private index(record: SObjectRecord, fields: readonly string[]): void {
    for (const field of fields) {
      const value = record.values[field];
      if (typeof value !== 'string' || value === '') continue;
      let index = this.unique.get(`${record.type}.${field}`);
      if (!index) {
        index = new Map();
        this.unique.set(`${record.type}.${field}`, index);
      }
      index.set(value.toLowerCase(), record.id);
    }
  }

  private unindex(record: SObjectRecord, fields: readonly string[]): void {
    for (const field of fields) {
      const value = record.values[field];
      if (typeof value !== 'string') continue;
      const index = this.unique.get(`${record.type}.${field}`);
      if (index?.get(value.toLowerCase()) === record.id) index.delete(value.toLowerCase());
    }
  }
}
