import { changedFields } from './changed-fields';

describe('changedFields', () => {
  const fields = ['name', 'email', 'address', 'metadata'] as const;
  const before = {
    name: 'Ada',
    email: null as string | null,
    address: { line1: '1 Row', country: 'GB' } as Record<string, string> | null,
    metadata: { a: '1', b: '2' } as Record<string, string>,
  };

  it('lists the fields whose values differ, in field order', () => {
    const after = { ...before, metadata: { a: '1' }, email: 'ada@example.com' };
    expect(changedFields(before, after, fields)).toEqual(['email', 'metadata']);
  });

  it('ignores key order inside objects', () => {
    const after = {
      ...before,
      address: { country: 'GB', line1: '1 Row' },
      metadata: { b: '2', a: '1' },
    };
    expect(changedFields(before, after, fields)).toEqual([]);
  });

  it('sees null versus a value and nested changes', () => {
    expect(changedFields(before, { ...before, address: null }, fields)).toEqual(['address']);
    expect(
      changedFields(before, { ...before, address: { line1: '1 Row', country: 'FR' } }, fields),
    ).toEqual(['address']);
  });
});
