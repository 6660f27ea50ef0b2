import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext } from '../../http/stripe-route';
import { StripeRuntime } from '../../stripe-runtime';
import { CustomerObject } from '../stripe-objects';
import { saveCustomer } from './customer-store';

/**
 * A customer bills in one currency: the first invoice or invoice item fixes it, and a later one in
 * another currency is refused, as Stripe does ("You cannot combine currencies on a single customer").
 */
export function checkCustomerCurrency(customer: CustomerObject, currency: string): void {
  if (customer.currency !== null && customer.currency !== currency) {
    throw StripeApiError.invalid(
      `You cannot combine currencies on a single customer. This customer has had a subscription, coupon, or invoice item with currency ${customer.currency}`,
      'currency',
    );
  }
}

export function fixCustomerCurrency(
  ctx: StripeRequestContext,
  runtime: StripeRuntime,
  customer: CustomerObject,
  currency: string,
): void {
  if (customer.currency !== null) return;
  const updated = saveCustomer(ctx.account, runtime.clock, { ...customer, currency });
  runtime.events.record(ctx, 'customer.updated', updated, customer);
}
