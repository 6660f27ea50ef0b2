import { StripeAccount } from '../../accounts/stripe-account';
import { checkAmount } from '../../currency/currency';
import { RequestParams } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { readUnitAmount } from '../prices/price-factory';
import { findPrice } from '../resource-lookup';
import { InvoiceItemObject, PriceObject } from '../stripe-objects';

export type InvoiceItemPricing = Pick<
  InvoiceItemObject,
  'amount' | 'price' | 'quantity' | 'unit_amount' | 'unit_amount_decimal'
> & { currency?: string };

/**
 * Reads how an invoice item is priced: exactly one of `price`, `amount` (the line total, no
 * quantity) or `unit_amount[_decimal]` (times `quantity`). Returns undefined when nothing about
 * pricing was sent (an update that keeps it). Amounts stay integer minor units.
 */
export function readItemPricing(
  account: StripeAccount,
  params: RequestParams,
  current: InvoiceItemObject | undefined,
): InvoiceItemPricing | undefined {
  const priceId = params.presentString('price');
  const amount = params.presentInteger('amount');
  const unit = readUnitAmount(params, false);
  const quantityParam = params.presentInteger('quantity', { min: 0 });
  const given = [priceId !== undefined, amount !== undefined, unit !== undefined].filter(Boolean);
  if (given.length > 1) {
    throw StripeApiError.invalid(
      'You may only specify one of these parameters: amount, price, unit_amount.',
      priceId !== undefined ? 'price' : 'amount',
    );
  }
  if (amount !== undefined && quantityParam !== undefined && quantityParam !== 1) {
    throw StripeApiError.invalid(
      'You may only specify one of these parameters: amount, quantity.',
      'quantity',
    );
  }
  if (given.length === 0 && quantityParam === undefined) return undefined;
  const quantity = quantityParam ?? current?.quantity ?? 1;
  let price: PriceObject | null = current?.price ?? null;
  let unitDecimal: string | null = current?.unit_amount_decimal ?? null;
  if (priceId !== undefined) {
    price = findPrice(account, priceId, 'price');
    if (!price.active) {
      throw StripeApiError.invalid(
        `The price specified (${price.id}) is inactive. This field only accepts active prices.`,
        'price',
      );
    }
    unitDecimal = price.unit_amount_decimal;
  } else if (amount !== undefined) {
    return {
      amount: checkAmount(amount, 'amount'),
      price: null,
      quantity: 1,
      unit_amount: amount,
      unit_amount_decimal: String(amount),
    };
  } else if (unit !== undefined) {
    price = null;
    unitDecimal = unit.unit_amount_decimal;
  } else if (current && current.price === null && current.unit_amount_decimal === null) {
    throw StripeApiError.invalid('Set unit_amount to change the quantity.', 'quantity');
  }
  if (unitDecimal === null) throw missingPricing();
  const total = Math.round(Number(unitDecimal) * quantity);
  return {
    amount: checkAmount(total, 'quantity'),
    price,
    quantity,
    unit_amount: Number.isInteger(Number(unitDecimal)) ? Number(unitDecimal) : null,
    unit_amount_decimal: unitDecimal,
    ...(price ? { currency: price.currency } : {}),
  };
}

export function missingPricing(): StripeApiError {
  return StripeApiError.invalid(
    'Must provide either `amount`, `price` or `unit_amount`.',
    'amount',
    'parameter_missing',
  );
}
