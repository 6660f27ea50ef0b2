import { InProcessLock } from '@concord/auth';
import { aConnectionSettings } from '@concord/testing';

import { silentKitLogger } from '../definition/kit-logger';
import type { ExternalCallContext, MatchCandidate } from '../definition/outbound-adapter';
import type { ResolvedConnection } from '../definition/resolved-connection';
import { MatchingIndex } from './matching-index';
import { InProcessMatchingIndexStore } from './matching-index-store';

const scope = { tenant: 't1', connectionId: 'conn-1' };
const at = { scope, entityType: 'customer' as const, run: 'backfill-job-1' };

function context(): ExternalCallContext<null> {
  const settings = aConnectionSettings({ matchingKeys: { customer: ['email'] } });
  return {
    client: null,
    connection: { ...scope, settings } as unknown as ResolvedConnection,
    links: { externalId: () => null, entityId: () => null },
    lane: 'backfill',
    log: silentKitLogger,
    call: (_step, request) => request('key'),
  };
}

/** An adapter listing `records`, counting how often it was asked to. */
function lister(records: MatchCandidate[] | null) {
  const counted = { listings: 0 };
  const outbound = {
    listForMatching: () => {
      if (records === null) return null;
      counted.listings += 1;
      return (async function* () {
        yield* records;
      })();
    },
  };
  return { outbound, counted };
}

const email = (value: string) => [['email', value] as const];

describe('MatchingIndex', () => {
  it('lists once per run and matches by key, then by the catalog id the record carries', async () => {
    const { outbound, counted } = lister([
      { externalId: 'cus_a', concordId: null, keys: { email: 'a@x.io' } },
      { externalId: 'cus_b', concordId: 'cat-b', keys: { email: 'b@x.io' } },
    ]);
    const index = new MatchingIndex(
      outbound,
      new InProcessMatchingIndexStore(),
      new InProcessLock(),
    );
    const ctx = context();

    expect(await index.match(at, 'cat-a', email('a@x.io'), ctx)).toBe('cus_a');
    expect(await index.match(at, 'cat-b', email('other@x.io'), ctx)).toBe('cus_b');
    expect(await index.match(at, 'cat-c', email('c@x.io'), ctx)).toBeNull();
    // The same catalog record again (a redelivery) finds what it claimed.
    expect(await index.match(at, 'cat-a', email('a@x.io'), ctx)).toBe('cus_a');
    expect(counted.listings).toBe(1);
    // Another run lists again.
    await index.match({ ...at, run: 'backfill-job-2' }, 'cat-a', email('a@x.io'), ctx);
    expect(counted.listings).toBe(2);
  });

  it('never matches a record to a second catalog record: claimed, carrying an id, or created', async () => {
    const { outbound } = lister([
      { externalId: 'cus_a', concordId: null, keys: { email: 'a@x.io' } },
      { externalId: 'cus_b', concordId: 'cat-b', keys: { email: 'b@x.io' } },
    ]);
    const index = new MatchingIndex(
      outbound,
      new InProcessMatchingIndexStore(),
      new InProcessLock(),
    );
    const ctx = context();

    expect(await index.match(at, 'cat-1', email('a@x.io'), ctx)).toBe('cus_a');
    expect(await index.match(at, 'cat-2', email('a@x.io'), ctx)).toBeNull();
    expect(await index.match(at, 'cat-3', email('b@x.io'), ctx)).toBeNull();
    await index.remember(at, 'cat-4', 'cus_new');
    expect(await index.match(at, 'cat-4', email('new@x.io'), ctx)).toBe('cus_new');
  });

  it('leaves matching to per-record lookups where it cannot list or the system is too large', async () => {
    const ctx = context();
    const unlisted = new MatchingIndex(
      lister(null).outbound,
      new InProcessMatchingIndexStore(),
      new InProcessLock(),
    );
    expect(await unlisted.match(at, 'cat-a', email('a@x.io'), ctx)).toBeUndefined();

    const store = new InProcessMatchingIndexStore();
    const many = Array.from({ length: store.maxRecords + 1 }, (_, i) => ({
      externalId: `cus_${i}`,
      concordId: null,
      keys: { email: `${i}@x.io` },
    }));
    const { outbound, counted } = lister(many);
    const large = new MatchingIndex(outbound, store, new InProcessLock());
    expect(await large.match(at, 'cat-a', email('1@x.io'), ctx)).toBeUndefined();
    expect(await large.match(at, 'cat-b', email('2@x.io'), ctx)).toBeUndefined();
    expect(counted.listings).toBe(1);
  });

  it('builds once when many records of a run ask at the same time', async () => {
    const { outbound, counted } = lister([
      { externalId: 'cus_a', concordId: null, keys: { email: 'a@x.io' } },
    ]);
    const index = new MatchingIndex(
      outbound,
      new InProcessMatchingIndexStore(),
      new InProcessLock(),
    );
    const ctx = context();
    const answers = await Promise.all(
      ['a@x.io', 'b@x.io', 'c@x.io'].map((value, i) =>
        index.match(at, `cat-${i}`, email(value), ctx),
      ),
    );
    expect(answers).toEqual(['cus_a', null, null]);
    expect(counted.listings).toBe(1);
  });
});
