import { costOf, costsOf, idleRate, windowBetween } from './cpu-accounting';

describe('CPU accounting', () => {
  it('subtracts the idle rate over the loaded window before dividing by the changes', () => {
    // idle: 50 ms per 10 s = 0.005 ms/ms; loaded: 1,000 ms over 20 s, 100 changes.
    const cost = costOf(
      'catalog-service',
      { cpuMs: 1000, wallMs: 20_000 },
      { cpuMs: 50, wallMs: 10_000 },
      100,
    );
    expect(cost.idleMs).toBeCloseTo(100);
    expect(cost.msPerChange).toBeCloseTo(9);
  });

  it('has no idle rate for an empty idle window, and no cost without changes', () => {
    expect(idleRate({ cpuMs: 30, wallMs: 0 })).toBe(0);
    expect(
      costOf('x', { cpuMs: 10, wallMs: 1000 }, { cpuMs: 0, wallMs: 1000 }, 0).msPerChange,
    ).toBeNaN();
  });

  it('totals the processes and treats one missing from the idle window as idle-free', () => {
    const loaded = new Map([
      ['a', { cpuMs: 500, wallMs: 1000 }],
      ['b', { cpuMs: 300, wallMs: 1000 }],
    ]);
    const idle = new Map([['a', { cpuMs: 100, wallMs: 1000 }]]);
    const { processes, totalMsPerChange } = costsOf(loaded, idle, 10);
    expect(processes.map((p) => [p.name, p.msPerChange])).toEqual([
      ['a', 40],
      ['b', 30],
    ]);
    expect(totalMsPerChange).toBe(70);
  });

  it('makes windows only for processes read at both ends', () => {
    const windows = windowBetween(
      new Map([
        ['a', 100],
        ['gone', 5],
      ]),
      new Map([
        ['a', 160],
        ['new', 9],
      ]),
      2000,
    );
    expect([...windows]).toEqual([['a', { cpuMs: 60, wallMs: 2000 }]]);
  });
});
