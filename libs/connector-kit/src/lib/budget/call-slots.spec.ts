import { InProcessCallSlots } from './call-slots';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('InProcessCallSlots', () => {
  it('runs at most `limit` calls of a key at once, the others in turn', async () => {
    const slots = new InProcessCallSlots();
    let inFlight = 0;
    let most = 0;
    const call = async (n: number) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await pause(10);
      inFlight -= 1;
      return n;
    };

    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => slots.run('xero:t', 5, () => call(n), 5000)),
    );

    expect(results).toEqual(Array.from({ length: 12 }, (_, n) => n));
    expect(most).toBe(5);
  });

  it('frees the slot of a failed call and refuses a caller that waited too long', async () => {
    const slots = new InProcessCallSlots();
    await expect(slots.run('k', 1, () => Promise.reject(new Error('down')), 100)).rejects.toThrow(
      'down',
    );
    let release = (): void => undefined;
    const holding = slots.run('k', 1, () => new Promise<void>((r) => (release = r)), 100);

    await expect(slots.run('k', 1, async () => 'late', 30)).rejects.toMatchObject({
      code: 'BUDGET_EXHAUSTED',
    });
    await expect(slots.run('other', 1, async () => 'apart', 30)).resolves.toBe('apart');
    release();
    await holding;
    await expect(slots.run('k', 1, async () => 'next', 30)).resolves.toBe('next');
  });
});
