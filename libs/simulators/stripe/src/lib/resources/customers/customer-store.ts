import { SimulationClock } from '@concord/simulators/core';

import { StripeAccount } from '../../accounts/stripe-account';
import { cloneJson } from '../../http/json-value';
import { CustomerObject } from '../stripe-objects';

/** Stores a customer's new state and hands it to the (lagging) search index. */
export function saveCustomer(
  account: StripeAccount,
  clock: SimulationClock,
  customer: CustomerObject,
): CustomerObject {
  const saved = account.customers.get(customer.id)
    ? account.customers.replace(customer)
    : account.customers.insert(customer);
  const seq = account.customers.seqOf(saved.id) ?? 0;
  account.customerSearch.record(saved.id, seq, cloneJson(saved), clock.now());
  return saved;
}
