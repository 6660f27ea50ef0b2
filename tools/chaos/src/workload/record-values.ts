import type { SeededRandom } from '../seeded-random';
import type { CustomerFields, ProductFields } from './oracle';

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Radia', 'Donald', 'Frances'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Perlman', 'Knuth'];
const TIERS = ['bronze', 'silver', 'gold', 'platinum'];
const GOODS = ['Widget', 'Gadget', 'Sprocket', 'Gizmo', 'Doohickey', 'Flange', 'Bracket'];

/** A new customer; the email is unique to the record (`<key>.v<n>@chaos.example`). */
export function newCustomer(random: SeededRandom, key: string, run: string): CustomerFields {
  return {
    name: `${random.pick(FIRST)} ${random.pick(LAST)} ${key}`,
    email: `${key}.v0.${run}@chaos.example`,
    phone: `+1555${random.int(1000000, 9999999)}`,
    tier: random.pick(TIERS),
  };
}

/** One or two fields of the customer changed (write `n` of the record). */
export function changedCustomer(
  random: SeededRandom,
  key: string,
  run: string,
  current: CustomerFields,
  n: number,
): CustomerFields {
  const next = { ...current };
  const fields = random
    .shuffle(['name', 'email', 'phone', 'tier'] as const)
    .slice(0, random.int(1, 2));
  for (const field of fields) {
    if (field === 'name') next.name = `${random.pick(FIRST)} ${random.pick(LAST)} ${key} v${n}`;
    if (field === 'email') next.email = `${key}.v${n}.${run}@chaos.example`;
    if (field === 'phone') next.phone = `+1555${random.int(1000000, 9999999)}`;
    if (field === 'tier') next.tier = random.pick(TIERS.filter((t) => t !== current.tier));
  }
  return next;
}

export function newProduct(random: SeededRandom, key: string, run: string): ProductFields {
  return {
    name: `${random.pick(GOODS)} ${key}`,
    description: `Made by chaos run ${run}`,
    active: true,
    sku: `SKU-${run}-${key}`.toUpperCase(),
    amount: random.int(1, 500) * 100,
  };
}

/** Changed product fields; only the catalog can change a price (Stripe prices are immutable). */
export function changedProduct(
  random: SeededRandom,
  key: string,
  current: ProductFields,
  n: number,
  canChangePrice: boolean,
): ProductFields {
  const next = { ...current };
  const choices = canChangePrice
    ? (['name', 'description', 'active', 'amount'] as const)
    : (['name', 'description', 'active'] as const);
  const field = random.pick(choices);
  if (field === 'name') next.name = `${random.pick(GOODS)} ${key} v${n}`;
  if (field === 'description') next.description = `Revision ${n} of ${key}`;
  if (field === 'active') next.active = !current.active;
  if (field === 'amount') next.amount = current.amount + random.int(1, 50) * 100;
  return next;
}
