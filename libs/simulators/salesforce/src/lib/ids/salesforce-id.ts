import { RandomStream } from '@concord/simulators/core';

/** Key prefixes of the objects the simulator knows, as Salesforce assigns them. */
export const KEY_PREFIXES = {
  Organization: '00D',
  User: '005',
  Account: '001',
  Contact: '003',
  Product2: '01t',
  Pricebook2: '01s',
  PricebookEntry: '01u',
  QueryLocator: '01g',
} as const;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_15 = /^[0-9A-Za-z]{15}$/;
const ID_18 = /^[0-9A-Za-z]{18}$/;

/**
 * The 3-character suffix that makes a 15-character id case-insensitively unique: one character
 * per 5-character chunk, whose bits say which characters of the chunk are upper-case letters.
 */
export function idChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let flags = 0;
    for (let i = 0; i < 5; i += 1) {
      const char = id15[chunk * 5 + i];
      if (char >= 'A' && char <= 'Z') flags |= 1 << i;
    }
    suffix += CHECKSUM_ALPHABET[flags];
  }
  return suffix;
}

export function to18CharId(id15: string): string {
  if (!ID_15.test(id15)) throw new RangeError(`not a 15-character Salesforce id: ${id15}`);
  return id15 + idChecksum(id15);
}

/** The 18-character form of a 15- or 18-character id, or undefined when it is not one. */
export function normalizeSalesforceId(value: string): string | undefined {
  if (ID_15.test(value)) return to18CharId(value);
  if (ID_18.test(value) && idChecksum(value.slice(0, 15)) === value.slice(15)) return value;
  return undefined;
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/**
 * Mints ids shaped like Salesforce's: key prefix, a 2-character pod, a reserved `0`, a 9-digit
 * base-62 counter, then the checksum. The pods come from the seeded `ids` stream, so a seed
 * reproduces every id.
 */
export class SalesforceIdFactory {
  private counter = 0;

  constructor(private readonly random: RandomStream) {}

  pod(): string {
    return this.random.string(1, '0123456789') + this.random.string(1, BASE62.slice(10));
  }

  next(prefix: string, pod: string): string {
    this.counter += 1;
    let digits = '';
    let value = this.counter;
    for (let i = 0; i < 9; i += 1) {
      digits = BASE62[value % 62] + digits;
      value = Math.floor(value / 62);
    }
    return to18CharId(`${prefix}${pod}0${digits}`);
  }

  reset(): void {
    this.counter = 0;
  }
}
