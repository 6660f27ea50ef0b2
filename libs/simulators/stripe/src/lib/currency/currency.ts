import { StripeApiError } from '../http/stripe-api.error';

/**
 * Currencies whose smallest unit is the whole unit: an amount of 1000 JPY is ¥1000, not ¥10.
 * Stripe amounts are always integers in the currency's minor unit, so the simulator never scales
 * amounts; this list matters to callers converting decimal amounts (see minorUnitExponent).
 */
// prettier-ignore
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf',
  'xof', 'xpf',
]);

/** Three-decimal currencies: 1 KWD = 1000 minor units. */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'bhd',
  'jod',
  'kwd',
  'omr',
  'tnd',
]);

// prettier-ignore
const TWO_DECIMAL_CURRENCIES = [
  'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn',
  'bmd', 'bnd', 'bob', 'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'cny', 'cop', 'crc',
  'cve', 'czk', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip', 'gmd',
  'gtq', 'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'kes', 'kgs', 'khr',
  'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mkd', 'mmk', 'mnt', 'mop', 'mur',
  'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd', 'pab', 'pen', 'pgk',
  'php', 'pkr', 'pln', 'qar', 'ron', 'rsd', 'rub', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle',
  'sos', 'srd', 'std', 'szl', 'thb', 'tjs', 'top', 'try', 'ttd', 'twd', 'tzs', 'uah', 'usd', 'uyu',
  'uzs', 'wst', 'xcd', 'yer', 'zar', 'zmw',
];

const SUPPORTED_CURRENCIES: ReadonlySet<string> = new Set([
  ...TWO_DECIMAL_CURRENCIES,
  ...ZERO_DECIMAL_CURRENCIES,
  ...THREE_DECIMAL_CURRENCIES,
]);

/** Stripe's ceiling for one amount, in minor units, whatever the currency. */
export const MAX_AMOUNT = 99_999_999;

export function isZeroDecimalCurrency(currency: string): boolean {
  return ZERO_DECIMAL_CURRENCIES.has(currency.toLowerCase());
}

/** How many minor units make one major unit, as a power of ten (JPY 0, USD 2, KWD 3). */
export function minorUnitExponent(currency: string): number {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL_CURRENCIES.has(code)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(code)) return 3;
  return 2;
}

/** Lower-cases and checks a currency parameter the way Stripe does. */
export function parseCurrency(value: string, param = 'currency'): string {
  const code = value.toLowerCase();
  if (!SUPPORTED_CURRENCIES.has(code)) {
    throw StripeApiError.invalid(
      `Invalid currency: ${code}. Stripe currently supports these currencies: ${[...SUPPORTED_CURRENCIES].join(', ')}`,
      param,
    );
  }
  return code;
}

/** Amounts are integer minor units; Stripe rejects anything above its ceiling. */
export function checkAmount(amount: number, param: string): number {
  if (Math.abs(amount) > MAX_AMOUNT) {
    throw StripeApiError.invalid(
      `Amount must be no more than ${MAX_AMOUNT} (in the currency's smallest unit).`,
      param,
      'amount_too_large',
    );
  }
  return amount;
}
