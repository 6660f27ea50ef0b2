/** The resources Xero sends webhooks for (items and payments have none). */
export type XeroEventCategory = 'CONTACT' | 'INVOICE';
export type XeroEventType = 'CREATE' | 'UPDATE';

export interface XeroChange {
  category: XeroEventCategory;
  type: XeroEventType;
  resourceId: string;
  at: number;
}

/** Collects the changes of one request; they are published only if the request succeeds. */
export class XeroEventSink {
  private readonly changes: XeroChange[] = [];

  record(category: XeroEventCategory, type: XeroEventType, resourceId: string, at: number): void {
    this.changes.push({ category, type, resourceId, at });
  }

  /** Drops the changes recorded since `mark()` (a rolled-back record or batch). */
  rollbackTo(mark: number): void {
    this.changes.splice(mark);
  }

  mark(): number {
    return this.changes.length;
  }

  drain(): XeroChange[] {
    return this.changes.splice(0);
  }
}
