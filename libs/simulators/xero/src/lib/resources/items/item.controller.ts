import { msDate } from '../../http/ms-date';
import { XeroApiError } from '../../http/xero-api.error';
import { XeroRequestContext, XeroResult, XeroRoute } from '../../http/xero-route';
import { unitDp, unitNumber } from '../../money/unit-dp';
import { TAX_RATES } from '../../organisations/organisation';
import { ItemDetails, ItemRecord } from '../../organisations/xero-records';
import { batchWrite, readBatch, RecordWriter, WriteMode } from '../batch-write';
import { listRecords } from '../list-records';
import { RecordInput } from '../record-input';
import { RecordValidationError } from '../record-validation.error';

export const ITEM_FIELDS: ReadonlySet<string> = new Set([
  'ItemID',
  'Code',
  'Name',
  'Description',
  'IsSold',
  'IsPurchased',
  'UpdatedDateUTC',
]);

/** `/Items`: list (never paged), get by id or Code, PUT creates, POST updates or creates, DELETE. */
export class ItemController implements RecordWriter {
  readonly collection = 'Items';

  routes(): XeroRoute[] {
    return [
      { method: 'GET', pattern: '/Items', handle: (context) => this.list(context) },
      { method: 'GET', pattern: '/Items/:id', handle: (context) => this.get(context) },
      {
        method: 'PUT',
        pattern: '/Items',
        handle: (context) => batchWrite(context, this, 'create'),
      },
      {
        method: 'POST',
        pattern: '/Items',
        handle: (context) => batchWrite(context, this, 'upsert'),
      },
      { method: 'POST', pattern: '/Items/:id', handle: (context) => this.update(context) },
      { method: 'DELETE', pattern: '/Items/:id', handle: (context) => this.remove(context) },
    ];
  }

  write(
    raw: Record<string, unknown>,
    context: XeroRequestContext,
    mode: WriteMode,
  ): Record<string, unknown> {
    const { org } = context;
    const input = new RecordInput(raw);
    const code = input.string('Code', 30)?.trim();
    const existing = this.findExisting(context, input, mode, code);
    const next: ItemRecord = {
      ...(existing ?? { ItemID: context.ids.uuid(), Code: '', IsSold: false, IsPurchased: false }),
      updatedAt: context.now,
    };
    if (code !== undefined) next.Code = code;
    const name = input.string('Name', 50);
    if (name !== undefined) next.Name = name;
    const description = input.string('Description', 4000);
    if (description !== undefined) next.Description = description;
    const purchaseDescription = input.string('PurchaseDescription', 4000);
    if (purchaseDescription !== undefined) next.PurchaseDescription = purchaseDescription;
    const sales = readDetails(input, 'SalesDetails', context);
    if (sales) next.SalesDetails = sales;
    const purchase = readDetails(input, 'PurchaseDetails', context);
    if (purchase) next.PurchaseDetails = purchase;
    next.IsSold = input.boolean('IsSold') ?? (existing?.IsSold || sales !== undefined);
    next.IsPurchased =
      input.boolean('IsPurchased') ?? (existing?.IsPurchased || purchase !== undefined);
    if (!next.Code) input.fail('Item Code must be specified.');
    else if (
      [...org.items.values()].some(
        (other) =>
          other.ItemID !== next.ItemID && other.Code.toLowerCase() === next.Code.toLowerCase(),
      )
    ) {
      input.fail(`Item code '${next.Code}' already exists`);
    }
    input.check();
    org.items.set(next.ItemID, next);
    return renderItem(next, unitDp(context.query));
  }

  private list(context: XeroRequestContext): XeroResult {
    const dp = unitDp(context.query);
    const items = [...context.org.items.values()].map((item) => renderItem(item, dp));
    return listRecords(
      context,
      {
        typeName: 'Item',
        collection: 'Items',
        fields: ITEM_FIELDS,
        idField: 'ItemID',
        filtersByIds: false,
        paged: false,
      },
      items,
    );
  }

  private get(context: XeroRequestContext): XeroResult {
    return {
      collection: 'Items',
      records: [renderItem(this.find(context), unitDp(context.query))],
    };
  }

  private update(context: XeroRequestContext): XeroResult {
    const item = this.find(context);
    const [first] = readBatch(context.body, 'Items', 1);
    return batchWrite(context, this, 'upsert', [{ ...first, ItemID: item.ItemID }]);
  }

  private remove(context: XeroRequestContext): XeroResult {
    const item = this.find(context);
    context.org.items.delete(item.ItemID);
    return { noContent: true };
  }

  private find(context: XeroRequestContext): ItemRecord {
    const key = context.pathParams['id'];
    const item =
      context.org.items.get(key.toLowerCase()) ??
      [...context.org.items.values()].find((candidate) => candidate.Code === key);
    if (!item) throw XeroApiError.notFound();
    return item;
  }

  /** ItemID, else (POST) the item with the same Code. */
  private findExisting(
    context: XeroRequestContext,
    input: RecordInput,
    mode: WriteMode,
    code: string | undefined,
  ): ItemRecord | undefined {
    const id = input.string('ItemID');
    if (id !== undefined) {
      const found = context.org.items.get(id.toLowerCase());
      if (!found)
        throw new RecordValidationError([`The item with ItemID ${id} could not be found.`]);
      return found;
    }
    if (mode === 'create' || !code) return undefined;
    return [...context.org.items.values()].find(
      (item) => item.Code.toLowerCase() === code.toLowerCase(),
    );
  }
}

function readDetails(
  input: RecordInput,
  field: string,
  context: XeroRequestContext,
): ItemDetails | undefined {
  const raw = input.object(field);
  if (!raw) return undefined;
  const details = new RecordInput(raw);
  const unitPrice = details.decimal('UnitPrice', 4, `${field}.UnitPrice`);
  const accountCode = details.string('AccountCode', 10);
  const taxType = details.string('TaxType', 50);
  if (accountCode !== undefined && !context.org.account(accountCode, undefined)) {
    details.fail(`Account code '${accountCode}' is not a valid code for this document.`);
  }
  if (taxType !== undefined && TAX_RATES[taxType] === undefined) {
    details.fail(
      `The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`,
    );
  }
  input.errors.push(...details.errors);
  return {
    ...(unitPrice ? { UnitPrice: unitPrice.toString() } : {}),
    ...(accountCode ? { AccountCode: accountCode } : {}),
    ...(taxType ? { TaxType: taxType } : {}),
  };
}

export function renderItem(item: ItemRecord, dp: 2 | 4): Record<string, unknown> {
  const details = (value: ItemDetails | undefined): Record<string, unknown> => ({
    ...(value?.UnitPrice === undefined ? {} : { UnitPrice: unitNumber(value.UnitPrice, dp) }),
    ...(value?.AccountCode ? { AccountCode: value.AccountCode } : {}),
    ...(value?.TaxType ? { TaxType: value.TaxType } : {}),
  });
  return {
    ItemID: item.ItemID,
    Code: item.Code,
    ...(item.Name === undefined ? {} : { Name: item.Name }),
    ...(item.Description === undefined ? {} : { Description: item.Description }),
    ...(item.PurchaseDescription === undefined
      ? {}
      : { PurchaseDescription: item.PurchaseDescription }),
    IsSold: item.IsSold,
    IsPurchased: item.IsPurchased,
    IsTrackedAsInventory: false,
    SalesDetails: details(item.SalesDetails),
    PurchaseDetails: details(item.PurchaseDetails),
    UpdatedDateUTC: msDate(item.updatedAt),
  };
}
