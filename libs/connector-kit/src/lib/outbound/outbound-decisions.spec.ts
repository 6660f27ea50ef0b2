import { idempotencyKeyFor, isConcordIdempotencyKey, subRequestKey } from './idempotency-keys';
import { inboundCorrelationId, linkHintFrom } from './link-hint';
import {
  echoNeedsCheck,
  echoOverwritten,
  isEcho,
  isStale,
  isUnchanged,
  laneOf,
} from './outbound-decisions';

const link = {
  externalId: 'cus_1',
  parts: {},
  contentHash: 'h1',
  updatedAt: '2025-01-01T10:00:00.000Z',
};

describe('outbound decisions', () => {
  it('puts catalog snapshots and replays (retry topic, no attempt header) in the backfill lane', () => {
    expect(laneOf('catalog.customer.v1', 'retry', {})).toBe('live');
    expect(laneOf('retry', 'retry', {})).toBe('backfill');
    expect(laneOf('retry', 'retry', { 'x-retry-attempt': '2' })).toBe('live');
    expect(laneOf('retry', 'retry', { 'x-retry-attempt': '2', 'x-concord-lane': 'backfill' })).toBe(
      'backfill',
    );
  });

  it('calls an event stale only when an older version than the one last written', () => {
    expect(isStale(null, 1)).toBe(false);
    expect(isStale(3, 2)).toBe(true);
    expect(isStale(3, 3)).toBe(false);
    expect(isStale(3, 4)).toBe(false);
  });

  it('suppresses echoes by origin and by content last synced', () => {
    expect(isEcho('stripe', 'stripe')).toBe(true);
    expect(isEcho('catalog', 'stripe')).toBe(false);
    expect(isEcho('salesforce', 'stripe')).toBe(false);
    expect(isUnchanged(link, 'h1')).toBe(true);
    expect(isUnchanged(link, 'h2')).toBe(false);
    expect(isUnchanged(null, 'h1')).toBe(false);
  });
});

describe('idempotency keys', () => {
  it('derive from the event id, with a suffix per sub-request', () => {
    const key = idempotencyKeyFor('6f1c0e1e-8a8b-4a5e-9d38-3c0b9a3f0a11');
    expect(key).toBe('concord-6f1c0e1e-8a8b-4a5e-9d38-3c0b9a3f0a11');
    expect(subRequestKey(key, 'price')).toBe(`${key}-price`);
    expect(subRequestKey(key, '')).toBe(key);
    expect(isConcordIdempotencyKey(key)).toBe(true);
    expect(isConcordIdempotencyKey('stripe-node-retry-1')).toBe(false);
    expect(isConcordIdempotencyKey(null)).toBe(false);
  });
});

describe('link hints', () => {
  it('round-trip the external record through a valid correlation id', () => {
    const id = inboundCorrelationId('stripe', 'customer', 'cus_Q1', 'ab12cd34');
    expect(id).toBe('stripe:customer:cus_Q1:ab12cd34');
    expect(linkHintFrom(id as string, 'stripe')).toEqual({
      entityType: 'customer',
      externalId: 'cus_Q1',
    });
    expect(linkHintFrom(id as string, 'xero')).toBeNull();
    expect(linkHintFrom('6f1c0e1e-8a8b-4a5e-9d38-3c0b9a3f0a11', 'stripe')).toBeNull();
    expect(inboundCorrelationId('stripe', 'customer', 'x'.repeat(200), 'n')).toBeUndefined();
  });

  it('reads the system for an echo only when the link says it last held something else', () => {
    expect(echoNeedsCheck(null, 'h2')).toBe(false);
    expect(echoNeedsCheck(link, 'h1')).toBe(false);
    expect(echoNeedsCheck(link, null)).toBe(false);
    expect(echoNeedsCheck({ ...link, contentHash: null }, 'h2')).toBe(false);
    expect(echoNeedsCheck(link, 'h2')).toBe(true);
  });

  it('writes an echo back only when the system still holds what the connector last wrote', () => {
    // The link says the connector wrote h1; the echo says h2.
    expect(echoOverwritten(link, 'h2', 'h1')).toBe(true);
    expect(echoOverwritten(link, 'h2', 'h2')).toBe(false);
    expect(echoOverwritten(link, 'h2', 'h3')).toBe(false);
    expect(echoOverwritten(link, 'h2', null)).toBe(false);
    expect(echoOverwritten(link, 'h1', 'h1')).toBe(false);
    expect(echoOverwritten(null, 'h2', 'h1')).toBe(false);
  });
});
