import type { InboundContext } from '@concord/connector-kit';
import type Stripe from 'stripe';

import { simulatorConnection, TestLinks } from '../../test/stripe-test-context';
import type { StripeEvent2023 } from '../stripe/stripe-wire.types';
import { reportedChangeOf } from './stripe-reported-change';

const ctx = {
  links: new TestLinks(),
  connection: simulatorConnection('http://127.0.0.1:12111', 'sk_test_x'),
} as unknown as InboundContext<Stripe>;

const customer = {
  id: 'cus_1',
  object: 'customer',
  name: 'stripe-side',
  email: 'ada@example.com',
  phone: null,
  currency: null,
  address: null,
  created: 1_767_225_600,
  metadata: { concord_id: 'c0ffee00-0000-4000-8000-000000000001', tier: 'gold' },
};

function event(type: string, previous?: Record<string, unknown>): StripeEvent2023 {
  return {
    id: 'evt_1',
    object: 'event',
    api_version: '2023-08-16',
    created: 1_767_225_601,
    type,
    data: { object: customer, ...(previous ? { previous_attributes: previous } : {}) },
    request: { id: 'req_1', idempotency_key: null },
  };
}

describe('reportedChangeOf (a Stripe update as its event carried it)', () => {
  it('reports the record in the event and the canonical base of the fields it changed', () => {
    const reported = reportedChangeOf(
      'customer',
      event('customer.updated', { name: 'before' }),
      ctx,
    );
    expect(reported?.content).toMatchObject({ name: 'stripe-side', email: 'ada@example.com' });
    expect(reported?.previous).toEqual({ name: 'before' });
  });

  it('reads metadata changes key by key, a null marking a key the event added', () => {
    const reported = reportedChangeOf(
      'customer',
      event('customer.updated', { metadata: { tier: null } }),
      ctx,
    );
    expect(reported?.previous).toEqual({ metadata: {} });
  });

  it('reports nothing for other events, or for changes to nothing the connector maps', () => {
    expect(reportedChangeOf('customer', event('customer.created'), ctx)).toBeUndefined();
    expect(reportedChangeOf('customer', event('customer.updated'), ctx)).toBeUndefined();
    expect(
      reportedChangeOf('customer', event('customer.updated', { balance: 100 }), ctx),
    ).toBeUndefined();
  });
});
