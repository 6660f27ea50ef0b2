import { randomUUID } from 'node:crypto';

import { InProcessLock } from '@concord/auth';
import { contentHash, contentOf, type CustomerContent } from '@concord/model';
import { aCustomer, aTenantId } from '@concord/testing';

import { CapturingSender } from '../../../test/kit-harness';
import type { InboundChangeDraft } from '../definition/inbound-source';
import { silentKitLogger } from '../definition/kit-logger';
import { ConnectorStateStore, type StoredLink } from '../state/connector-state-store';
import { draftToPublish, overwrittenEdit } from './overwritten-edit';
import { OverwrittenEdits } from './overwritten-edits';

const base = contentOf('customer', aCustomer({ name: 'before' })) as CustomerContent;
const named = (name: string): CustomerContent => ({ ...base, name });
/** A link to what the connector wrote, by default just after the event (changed at 00:00:01). */
const linkHolding = (
  content: CustomerContent,
  /** null: a link that does not say (an accepted echo, or one saved before links said it). */
  writtenAt: string | null = '2026-01-01T00:00:01.400Z',
): StoredLink => ({
  externalId: 'cus_1',
  parts: {},
  contentHash: contentHash('customer', content),
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 2,
  ...(writtenAt === null ? {} : { writtenAt }),
});

/** A webhook's draft: the record as read afresh, and the event's own rename before -> stripe-side. */
function draftReading(fetched: CustomerContent): InboundChangeDraft {
  return {
    entityType: 'customer',
    externalId: 'cus_1',
    operation: 'upsert',
    sourceEventId: 'evt_1',
    changedAt: '2026-01-01T00:00:01.000Z',
    externalVersion: null,
    content: fetched,
    asReported: { content: named('stripe-side'), previous: { name: 'before' } },
  };
}

describe('overwrittenEdit (a webhook change that Concord wrote over)', () => {
  it('publishes the record as read when it still shows the event’s change', () => {
    const draft = draftReading(named('stripe-side'));
    expect(overwrittenEdit(draft, linkHolding(named('catalog-side')))).toBe('current');
    const published = draftToPublish(draft, 'current');
    expect(published.content).toEqual(named('stripe-side'));
    expect(published.reported?.previous).toEqual({ name: 'before' });
    expect(published).not.toHaveProperty('asReported');
    expect(published).not.toHaveProperty('previous');
  });

  it('publishes the change as the event reported it, with its base, when Stripe holds Concord’s last write', () => {
    const draft = draftReading(named('catalog-side'));
    expect(overwrittenEdit(draft, linkHolding(named('catalog-side')))).toBe('overwritten');
    const published = draftToPublish(draft, 'overwritten');
    expect(published.content).toEqual(named('stripe-side'));
    expect(published.previous).toEqual({ name: 'before' });
    expect(published).not.toHaveProperty('asReported');
  });

  it('publishes only what was read when the record went back to Concord’s last write by itself (written before the event)', () => {
    const draft = draftReading(named('catalog-side'));
    const reverted = linkHolding(named('catalog-side'), '2026-01-01T00:00:00.900Z');
    expect(overwrittenEdit(draft, reverted)).toBe('reverted');
    const published = draftToPublish(draft, 'reverted');
    expect(published.content).toEqual(named('catalog-side'));
    expect(published).not.toHaveProperty('reported');
    expect(published).not.toHaveProperty('previous');
    // A link that does not say when it was written cannot tell a revert from an overwrite.
    expect(overwrittenEdit(draft, linkHolding(named('catalog-side'), null))).toBe('unsure');
  });

  it('cannot tell when the record holds neither the event’s change nor Concord’s last write', () => {
    const draft = draftReading(named('a later edit'));
    expect(overwrittenEdit(draft, linkHolding(named('catalog-side')))).toBe('unsure');
    expect(overwrittenEdit(draft, null)).toBe('unsure');
  });

  it('publishes the record as read with the event’s change beside it when unsure', () => {
    const published = draftToPublish(draftReading(named('catalog-side')), 'unsure');
    expect(published.content).toEqual(named('catalog-side'));
    expect(published.reported).toEqual({
      content: named('stripe-side'),
      previous: { name: 'before' },
    });
    expect(published).not.toHaveProperty('previous');
    expect(published).not.toHaveProperty('asReported');
  });

  it('leaves deletes, and drafts without the event’s own report, as read', () => {
    const { asReported: _, ...plain } = draftReading(named('catalog-side'));
    expect(overwrittenEdit(plain as InboundChangeDraft, linkHolding(named('catalog-side')))).toBe(
      'current',
    );
    const deleted = { ...draftReading(named('x')), operation: 'delete', content: null };
    expect(overwrittenEdit(deleted as InboundChangeDraft, null)).toBe('current');
  });
});

describe('OverwrittenEdits', () => {
  it('waits for the record’s lock and reads the state topic up to now before deciding', async () => {
    const scope = { tenant: aTenantId(), connectionId: randomUUID() };
    const state = new ConnectorStateStore('state', new CapturingSender(), silentKitLogger);
    const entityId = randomUUID();
    await state.saveLink(scope, 'customer', entityId, linkHolding(named('before')));
    // Another replica's write of "catalog-side": its link reaches this replica on catch-up.
    const catchUp = async () => {
      await state.saveLink(scope, 'customer', entityId, linkHolding(named('catalog-side')));
    };
    const edits = new OverwrittenEdits(state, new InProcessLock(), catchUp);

    const published = await edits.settle(scope, draftReading(named('catalog-side')));

    expect(published.content).toEqual(named('stripe-side'));
    expect(published.previous).toEqual({ name: 'before' });
  });

  it('leaves it to the catalog when even the caught-up link does not show Concord’s write', async () => {
    const scope = { tenant: aTenantId(), connectionId: randomUUID() };
    const state = new ConnectorStateStore('state', new CapturingSender(), silentKitLogger);
    await state.saveLink(scope, 'customer', randomUUID(), linkHolding(named('catalog-side')));
    const edits = new OverwrittenEdits(state, new InProcessLock(), async () => undefined);

    const published = await edits.settle(scope, draftReading(named('a later edit')));

    expect(published.content).toEqual(named('a later edit'));
    expect(published).not.toHaveProperty('previous');
    expect(published.reported?.content).toEqual(named('stripe-side'));
  });
});
