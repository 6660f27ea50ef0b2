import { StripeAccount } from '../accounts/stripe-account';
import { renderInvoice } from '../resources/invoices/invoice.renderer';
import { cloneJson, isJsonObject, JsonObject, JsonValue } from './json-value';
import { StripeApiError } from './stripe-api.error';

/** Fields holding an object id that `expand[]` can replace with the object. */
const EXPANDABLE_FIELDS = new Set([
  'customer',
  'default_price',
  'invoice',
  'invoice_item',
  'price',
  'product',
]);
const MAX_EXPAND_DEPTH = 4;

/**
 * Applies `expand[]` to a response: `customer`, `data.customer` on lists, nested paths such as
 * `lines.data.price.product`. Unknown paths are Stripe's 400.
 */
export function expandResponse(
  account: StripeAccount,
  body: JsonObject,
  paths: string[],
): JsonObject {
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > MAX_EXPAND_DEPTH) {
      throw StripeApiError.invalid(
        `You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`,
        'expand',
      );
    }
    expandAt(account, body, segments, path);
  }
  return body;
}

function expandAt(
  account: StripeAccount,
  node: JsonObject,
  segments: string[],
  path: string,
): void {
  const [field, ...rest] = segments;
  const isList = node['object'] === 'list' || node['object'] === 'search_result';
  if (isList && field === 'data' && Array.isArray(node['data'])) {
    for (const item of node['data']) {
      if (isJsonObject(item) && rest.length > 0) expandAt(account, item, rest, path);
    }
    if (rest.length > 0) return;
  }
  let value: JsonValue | undefined = node[field];
  if (field === 'lines' && isJsonObject(value) && rest.length > 0) {
    expandAt(account, value, rest, path);
    return;
  }
  if (value === undefined || !EXPANDABLE_FIELDS.has(field)) throw cannotExpand(path);
  if (typeof value === 'string') {
    const resolved = resolveObject(account, value);
    if (!resolved) throw cannotExpand(path);
    node[field] = resolved;
    value = resolved;
  }
  if (rest.length > 0 && isJsonObject(value)) expandAt(account, value, rest, path);
}

function resolveObject(account: StripeAccount, id: string): JsonObject | undefined {
  if (account.deletedCustomerIds.has(id)) return { id, object: 'customer', deleted: true };
  const invoice = account.invoices.get(id);
  if (invoice) return renderInvoice(account, invoice);
  const found =
    account.customers.get(id) ??
    account.products.get(id) ??
    account.prices.get(id) ??
    account.invoiceItems.get(id);
  return found ? cloneJson(found) : undefined;
}

function cannotExpand(path: string): StripeApiError {
  return StripeApiError.invalid(`This property cannot be expanded (${path}).`, 'expand');
}
