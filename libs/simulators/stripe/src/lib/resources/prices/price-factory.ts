import { checkAmount, parseCurrency } from '../../currency/currency';
import { RequestParams } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext } from '../../http/stripe-route';
import { StripeRuntime } from '../../stripe-runtime';
import { PriceObject, RecurringObject } from '../stripe-objects';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;
const TAX_BEHAVIORS = ['exclusive', 'inclusive', 'unspecified'] as const;

export interface PriceAmount {
  unit_amount: number | null;
  unit_amount_decimal: string | null;
}

/**
 * Reads `unit_amount` or `unit_amount_decimal` (one is required, not both). Amounts are integers
 * in the currency's smallest unit for every currency, zero-decimal ones included.
 */
export function readUnitAmount(params: RequestParams, required: boolean): PriceAmount | undefined {
  const unitAmount = params.presentInteger('unit_amount', { min: 0 });
  const decimal = params.decimal('unit_amount_decimal');
  if (unitAmount !== undefined && decimal !== undefined) {
    throw StripeApiError.invalid(
      'You may only specify one of these parameters: unit_amount, unit_amount_decimal.',
      params.name('unit_amount_decimal'),
    );
  }
  if (unitAmount !== undefined) {
    checkAmount(unitAmount, params.name('unit_amount'));
    return { unit_amount: unitAmount, unit_amount_decimal: String(unitAmount) };
  }
  if (decimal !== undefined) {
    if (Number(decimal) < 0) {
      throw StripeApiError.invalid(
        'This value must be greater than or equal to 0.',
        params.name('unit_amount_decimal'),
      );
    }
    const whole = Number.isInteger(Number(decimal)) ? Number(decimal) : null;
    return { unit_amount: whole, unit_amount_decimal: decimal };
  }
  if (required) throw StripeApiError.parameterMissing(params.name('unit_amount'));
  return undefined;
}

export function readRecurring(params: RequestParams): RecurringObject | null {
  const hash = params.hash('recurring');
  if (!hash) return null;
  hash.only(['interval', 'interval_count', 'usage_type']);
  const interval = hash.enumValue('interval', INTERVALS);
  if (interval === undefined) throw StripeApiError.parameterMissing(hash.name('interval'));
  const count = hash.presentInteger('interval_count', { min: 1, max: 365 }) ?? 1;
  hash.enumValue('usage_type', ['licensed'] as const);
  return { aggregate_usage: null, interval, interval_count: count, usage_type: 'licensed' };
}

export function readTaxBehavior(params: RequestParams): PriceObject['tax_behavior'] | undefined {
  return params.enumValue('tax_behavior', TAX_BEHAVIORS);
}

/** Checks price parameters before anything is written, so a bad request leaves nothing behind. */
export function validatePriceParams(params: RequestParams): void {
  parseCurrency(params.requiredString('currency'), params.name('currency'));
  readUnitAmount(params, true);
  readRecurring(params);
  readTaxBehavior(params);
}

/** Creates a price from `params` (a price request or a product's `default_price_data`). */
export function createPrice(
  ctx: StripeRequestContext,
  runtime: StripeRuntime,
  params: RequestParams,
  productId: string,
): PriceObject {
  const currency = parseCurrency(params.requiredString('currency'), params.name('currency'));
  const amount = readUnitAmount(params, true) as PriceAmount;
  const recurring = readRecurring(params);
  const price: PriceObject = {
    id: runtime.ids.long('price'),
    object: 'price',
    active: params.boolean('active') ?? true,
    billing_scheme: 'per_unit',
    created: runtime.clock.nowSeconds(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: params.has('nickname') ? (params.string('nickname') ?? null) : null,
    product: productId,
    recurring,
    tax_behavior: readTaxBehavior(params) ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    ...amount,
  };
  const metadata = params.metadata();
  if (metadata) price.metadata = { ...metadata.set };
  const lookupKey = params.string('lookup_key');
  if (lookupKey) {
    claimLookupKey(ctx, runtime, price.id, lookupKey, params.boolean('transfer_lookup_key'));
    price.lookup_key = lookupKey;
  }
  ctx.account.prices.insert(price);
  runtime.events.record(ctx, 'price.created', price);
  return price;
}

/**
 * A lookup key belongs to one price at a time: reusing it is refused unless
 * `transfer_lookup_key=true` moves it (updating the former owner).
 */
export function claimLookupKey(
  ctx: StripeRequestContext,
  runtime: StripeRuntime,
  priceId: string,
  lookupKey: string,
  transfer: boolean | undefined,
): void {
  const owner = ctx.account.prices
    .newestFirst()
    .find((price) => price.lookup_key === lookupKey && price.id !== priceId);
  if (!owner) return;
  if (!transfer) {
    throw StripeApiError.invalid(
      `A price (\`${owner.id}\`) already uses that lookup key.`,
      'lookup_key',
    );
  }
  const updated = ctx.account.prices.replace({ ...owner, lookup_key: null });
  runtime.events.record(ctx, 'price.updated', updated, owner);
}
