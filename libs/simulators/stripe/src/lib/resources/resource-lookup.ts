import { StripeAccount } from '../accounts/stripe-account';
import { StripeApiError } from '../http/stripe-api.error';
import { InvoiceState } from './invoices/invoice-state';
import {
  CustomerObject,
  InvoiceItemObject,
  PriceObject,
  ProductObject,
  WebhookEndpointObject,
} from './stripe-objects';

/** Lookups that fail the way Stripe does: 404 on the path id, 400 on a referencing parameter. */
export function findCustomer(account: StripeAccount, id: string, param = 'id'): CustomerObject {
  const customer = account.customers.get(id);
  if (!customer) throw StripeApiError.resourceMissing('customer', id, param);
  return customer;
}

export function findProduct(account: StripeAccount, id: string, param = 'id'): ProductObject {
  const product = account.products.get(id);
  if (!product) throw StripeApiError.resourceMissing('product', id, param);
  return product;
}

export function findPrice(account: StripeAccount, id: string, param = 'id'): PriceObject {
  const price = account.prices.get(id);
  if (!price) throw StripeApiError.resourceMissing('price', id, param);
  return price;
}

export function findInvoiceItem(
  account: StripeAccount,
  id: string,
  param = 'id',
): InvoiceItemObject {
  const item = account.invoiceItems.get(id);
  if (!item) throw StripeApiError.resourceMissing('invoiceitem', id, param);
  return item;
}

export function findInvoice(account: StripeAccount, id: string, param = 'id'): InvoiceState {
  const invoice = account.invoices.get(id);
  if (!invoice) throw StripeApiError.resourceMissing('invoice', id, param);
  return invoice;
}

export function findWebhookEndpoint(account: StripeAccount, id: string): WebhookEndpointObject {
  const endpoint = account.webhookEndpoints.get(id);
  if (!endpoint) throw StripeApiError.resourceMissing('webhook_endpoint', id);
  return endpoint;
}
