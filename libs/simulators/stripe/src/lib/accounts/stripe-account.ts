import { IdempotencyStore } from '../idempotency/idempotency-store';
import { InvoiceState } from '../resources/invoices/invoice-state';
import {
  CustomerObject,
  EventObject,
  InvoiceItemObject,
  PriceObject,
  ProductObject,
  WebhookEndpointObject,
} from '../resources/stripe-objects';
import { SearchIndex } from '../search/search-index';
import { ResourceCollection } from './resource-collection';

/** Everything one API key owns. Keys never see each other's data. */
export class StripeAccount {
  private seq = 0;
  private readonly next = (): number => (this.seq += 1);

  readonly customers = new ResourceCollection<CustomerObject>(this.next);
  /** Deleted customers stay retrievable in their deleted shape, as on Stripe. */
  readonly deletedCustomerIds = new Set<string>();
  readonly products = new ResourceCollection<ProductObject>(this.next);
  readonly prices = new ResourceCollection<PriceObject>(this.next);
  readonly invoiceItems = new ResourceCollection<InvoiceItemObject>(this.next);
  readonly invoices = new ResourceCollection<InvoiceState>(this.next);
  readonly events = new ResourceCollection<EventObject>(this.next);
  readonly webhookEndpoints = new ResourceCollection<WebhookEndpointObject>(this.next);
  readonly customerSearch = new SearchIndex();
  readonly idempotency = new IdempotencyStore();
  /** Webhook signing secrets, kept apart so they are never rendered after creation. */
  readonly webhookSecrets = new Map<string, string>();
  /** Requests the account was sent, by `METHOD /v1/route/:pattern` (what its owner is billed for). */
  readonly requests = new Map<string, number>();

  constructor(readonly id: string) {}

  /** Counts one authenticated request, rate-limited ones included (they count against the limit). */
  countRequest(method: string, route: string): void {
    const key = `${method} ${route}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  /** Creation sequence of any object of this account (customers' seq feeds search order). */
  seqOf(id: string): number | undefined {
    return (
      this.customers.seqOf(id) ??
      this.products.seqOf(id) ??
      this.prices.seqOf(id) ??
      this.invoiceItems.seqOf(id) ??
      this.invoices.seqOf(id) ??
      this.events.seqOf(id) ??
      this.webhookEndpoints.seqOf(id)
    );
  }
}
