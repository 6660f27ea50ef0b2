import { queryParam } from '../http/query-params';
import { Decimal } from './decimal';

/** Xero answers unit amounts to 2 dp unless the request asks for `unitdp=4`. */
export function unitDp(query: URLSearchParams): 2 | 4 {
  return queryParam(query, 'unitdp') === '4' ? 4 : 2;
}

export function unitNumber(text: string, dp: 2 | 4): number {
  return Decimal.from(text).round(dp).toNumber();
}

export function moneyNumber(text: string): number {
  return Decimal.from(text).round(2).toNumber();
}
