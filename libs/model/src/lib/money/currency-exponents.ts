/**
 * Minor-unit exponents of the active ISO 4217 currencies (list one, including funds codes and
 * currencies still in their withdrawal period). Precious metals, SDR and test codes have no minor
 * unit and are not money Concord syncs, so they are absent and rejected.
 */
// prettier-ignore
const ZERO_DECIMAL = [
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND',
  'VUV', 'XAF', 'XOF', 'XPF',
] as const;

// prettier-ignore
const THREE_DECIMAL = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'] as const;

// ISO 4217 gives these Unidad de Fomento style funds codes four decimals.
// prettier-ignore
const FOUR_DECIMAL = ['CLF', 'UYW'] as const;

// prettier-ignore
const TWO_DECIMAL = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT',
  'BGN', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF',
  'CHE', 'CHF', 'CHW', 'CNY', 'COP', 'COU', 'CRC', 'CUC', 'CUP', 'CVE', 'CZK', 'DKK', 'DOP',
  'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GTQ',
  'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR', 'JMD', 'KES', 'KGS', 'KHR',
  'KPW', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK',
  'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO',
  'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SLL', 'SOS', 'SRD', 'SSP', 'STN',
  'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD',
  'USN', 'UYU', 'UZS', 'VED', 'VES', 'WST', 'XCD', 'XCG', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL',
] as const;

export type MinorUnitExponent = 0 | 2 | 3 | 4;

export const CurrencyExponents: Readonly<Record<string, MinorUnitExponent>> = Object.freeze({
  ...Object.fromEntries(TWO_DECIMAL.map((code) => [code, 2 as const])),
  ...Object.fromEntries(ZERO_DECIMAL.map((code) => [code, 0 as const])),
  ...Object.fromEntries(THREE_DECIMAL.map((code) => [code, 3 as const])),
  ...Object.fromEntries(FOUR_DECIMAL.map((code) => [code, 4 as const])),
});

export const CurrencyCodes: readonly string[] = Object.freeze(
  Object.keys(CurrencyExponents).sort(),
);
