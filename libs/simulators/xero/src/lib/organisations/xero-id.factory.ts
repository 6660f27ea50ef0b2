import { RandomStream, SeededRandom } from '@concord/simulators/core';

const HEX = '0123456789abcdef';

/** Version-4 shaped UUIDs and opaque tokens drawn from the seeded `ids` stream (reproducible). */
export class XeroIdFactory {
  private readonly stream: RandomStream;

  constructor(random: SeededRandom) {
    this.stream = random.stream('ids');
  }

  uuid(): string {
    const hex = this.stream.string(32, HEX).split('');
    hex[12] = '4';
    hex[16] = '89ab'[this.stream.int(4)];
    const text = hex.join('');
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }

  /** An opaque token of hex characters (Xero's refresh tokens are 64 hex characters). */
  token(length = 64): string {
    return this.stream.string(length, HEX);
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
