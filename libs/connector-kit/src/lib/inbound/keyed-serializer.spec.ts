import { KeyedSerializer } from './keyed-serializer';

describe('KeyedSerializer', () => {
  it('runs tasks of one key in order, even when an earlier one is slower or fails', async () => {
    const serializer = new KeyedSerializer();
    const done: string[] = [];
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const first = serializer.run('a', async () => {
      await wait(30);
      done.push('a1');
      throw new Error('a1 failed');
    });
    const second = serializer.run('a', async () => {
      done.push('a2');
      return 'ok';
    });
    const other = serializer.run('b', async () => {
      done.push('b1');
    });
    await expect(first).rejects.toThrow('a1 failed');
    await expect(second).resolves.toBe('ok');
    await other;
    expect(done).toEqual(['b1', 'a1', 'a2']);
  });

  it('runs a task of several keys after each of them, and the later tasks of each key after it', async () => {
    const serializer = new KeyedSerializer();
    const done: string[] = [];
    let releaseA: () => void = () => undefined;
    const a = serializer.run('a', () => new Promise<void>((resolve) => (releaseA = resolve)));
    const both = serializer.run(['a', 'b'], async () => {
      done.push('ab');
    });
    const b = serializer.run('b', async () => {
      done.push('b');
    });
    const c = serializer.run('c', async () => {
      done.push('c');
    });
    await c;
    expect(done).toEqual(['c']);
    releaseA();
    await Promise.all([a, both, b]);
    expect(done).toEqual(['c', 'ab', 'b']);
  });
});
