import { SearchIndex } from './search-index';

describe('SearchIndex', () => {
  it('shows each object as it was at the given time: fresh writes lag behind', () => {
    const index = new SearchIndex();
    index.record('cus_a', 1, { id: 'cus_a', name: 'old' }, 1_000);
    index.record('cus_b', 2, { id: 'cus_b', name: 'b' }, 5_000);
    index.record('cus_a', 1, { id: 'cus_a', name: 'new' }, 6_000);
    index.record('cus_b', 2, null, 9_000);

    expect(index.visibleAt(500)).toEqual([]);
    expect(index.visibleAt(5_500).map((d) => d.document)).toEqual([
      { id: 'cus_b', name: 'b' },
      { id: 'cus_a', name: 'old' },
    ]);
    expect(index.visibleAt(6_000).map((d) => d.document['name'])).toEqual(['b', 'new']);
    expect(index.visibleAt(10_000).map((d) => d.id)).toEqual(['cus_a']);
  });
});
