import { randomBytes } from 'node:crypto';

import { RandomStream, SeededRandom } from '@concord/simulators/core';

const UPPER_HEX = '0123456789ABCDEF';

/**
 * Ids shaped like Stripe's (`cus_` + 14, `price_1` + 23, ...), drawn from the seeded `ids`
 * stream so a seeded run produces the same ids. Secrets come from the OS, never from the seed.
 */
export class StripeIdFactory {
  private readonly ids: RandomStream;
  private readonly requestIds: RandomStream;

  constructor(random: SeededRandom) {
    this.ids = random.stream('ids');
    this.requestIds = random.stream('request-ids');
  }

  /** Short form, as customers and products use: `cus_Oaxlz8kB0PJWGa`. */
  short(prefix: string): string {
    return `${prefix}_${this.ids.string(14)}`;
  }

  /** Long form, as prices, invoices and events use: `price_1NnlpZGPxmnHQRkJuWjM7eRV`. */
  long(prefix: string): string {
    return `${prefix}_1${this.ids.string(23)}`;
  }

  invoicePrefix(): string {
    return this.ids.string(8, UPPER_HEX);
  }

  requestId(): string {
    return `req_${this.requestIds.string(14)}`;
  }

  webhookSecret(): string {
    return `whsec_${randomBytes(24).toString('base64url')}`;
  }
}
