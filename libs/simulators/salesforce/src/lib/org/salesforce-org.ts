import { formatSalesforceDateTime } from '../ids/salesforce-datetime';
import { KEY_PREFIXES, SalesforceIdFactory } from '../ids/salesforce-id';
import { ApiUsageWindow } from '../limits/api-usage-window';
import { RecordStore } from '../records/record-store';
import { RecordWriter } from '../records/record-writer';
import { OrgSchema } from '../schema/org-schema';
import { QueryCursorStore } from '../soql/query-cursor-store';
import { ChangeEventLog, DEFAULT_EVENT_RETENTION_MS } from '../streaming/change-event-log';

/** What an operator can change on an org while the simulator runs. */
export interface OrgSettings {
  /** Rolling 24-hour API allocation (Salesforce's DailyApiRequests). */
  dailyApiLimit: number;
  /** How long an access token lives, on the simulation clock. */
  sessionLifetimeMs: number;
  /** Whether changes publish change events (Change Data Capture). */
  cdcEnabled: boolean;
  /** How long change events stay replayable, on the simulation clock (Salesforce: 72 hours). */
  eventRetentionMs: number;
}

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  dailyApiLimit: 15_000,
  sessionLifetimeMs: 2 * 60 * 60 * 1000,
  cdcEnabled: true,
  eventRetentionMs: DEFAULT_EVENT_RETENTION_MS,
};

export interface OrgOptions {
  name: string;
  username: string;
  concordIdObjects?: readonly string[];
  settings?: Partial<OrgSettings>;
}

/** One Salesforce org: its schema, records, API usage and settings. */
export class SalesforceOrg {
  readonly id: string;
  readonly userId: string;
  readonly pod: string;
  readonly name: string;
  readonly username: string;
  readonly schema: OrgSchema;
  readonly store = new RecordStore();
  readonly usage = new ApiUsageWindow();
  readonly writer: RecordWriter;
  readonly cursors: QueryCursorStore;
  /** Change Data Capture's event bus of this org. */
  readonly changeEvents = new ChangeEventLog(() => this.settings.eventRetentionMs);
  settings: OrgSettings;
  private standardPricebook: string | undefined;

  constructor(
    private readonly ids: SalesforceIdFactory,
    options: OrgOptions,
    now: number,
  ) {
    this.pod = ids.pod();
    this.id = ids.next(KEY_PREFIXES.Organization, this.pod);
    this.userId = ids.next(KEY_PREFIXES.User, this.pod);
    this.name = options.name;
    this.username = options.username;
    this.schema = new OrgSchema(
      options.concordIdObjects ? { concordIdObjects: options.concordIdObjects } : {},
    );
    this.settings = { ...DEFAULT_ORG_SETTINGS, ...options.settings };
    this.writer = new RecordWriter({
      schema: this.schema,
      store: this.store,
      ids,
      pod: this.pod,
      userId: this.userId,
      standardPricebookId: () => this.standardPricebook,
    });
    this.cursors = new QueryCursorStore(() => ids.next(KEY_PREFIXES.QueryLocator, this.pod));
    this.seed(now);
  }

  get standardPricebookId(): string | undefined {
    return this.standardPricebook;
  }

  /** Every org starts with its standard price book, as on Salesforce. */
  private seed(now: number): void {
    const id = this.ids.next(KEY_PREFIXES.Pricebook2, this.pod);
    const stamp = formatSalesforceDateTime(now);
    this.store.put(
      {
        type: 'Pricebook2',
        id,
        createdAt: now,
        modstamp: now,
        deletedAt: null,
        values: {
          Id: id,
          IsDeleted: false,
          Name: 'Standard Price Book',
          IsActive: true,
          IsStandard: true,
          Description: null,
          CreatedDate: stamp,
          CreatedById: this.userId,
          LastModifiedDate: stamp,
          LastModifiedById: this.userId,
          SystemModstamp: stamp,
        },
      },
      [],
    );
    this.standardPricebook = id;
  }

  /** Wipes the records and usage, keeping the org's identity, and re-seeds the price book. */
  wipe(now: number): void {
    this.store.clear();
    this.usage.reset();
    this.cursors.clear();
    this.changeEvents.clear();
    this.seed(now);
  }
}
