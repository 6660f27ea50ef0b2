import { windowCost } from './window-cost';

describe('windowCost', () => {
  it('gives CPU, produce requests and SQL statements per change, idle rates taken out', () => {
    const idle = {
      cpu: new Map([
        ['catalog-service', { cpuMs: 100, wallMs: 10_000 }],
        ['kafka-broker', { cpuMs: 200, wallMs: 10_000 }],
      ]),
      produce: 2,
      sql: 10,
      calls: 0,
      wallMs: 10_000,
    };
    const cost = windowCost(
      {
        atMs: 0,
        cpuMs: new Map([
          ['catalog-service', 5_000],
          ['kafka-broker', 9_000],
        ]),
        produce: 100,
        sql: 1_000,
        calls: 50,
      },
      {
        atMs: 20_000,
        cpuMs: new Map([
          ['catalog-service', 7_200],
          ['kafka-broker', 10_400],
        ]),
        produce: 404,
        sql: 2_620,
        calls: 250,
      },
      100,
      idle,
    );
    // catalog: 2,200 − 200 idle = 2,000 → 20; broker: 1,400 − 400 → 10.
    expect(cost.processes.map((p) => [p.name, p.msPerChange])).toEqual([
      ['catalog-service', 20],
      ['kafka-broker', 10],
    ]);
    expect(cost.cpuMsPerChange).toBe(30);
    expect(cost.produceRequestsPerChange).toBe(3); // (304 − 4) / 100
    expect(cost.sqlStatementsPerChange).toBe(16); // (1,620 − 20) / 100
    expect(cost.apiCallsPerChange).toBe(2);
  });

  it('is NaN for a counter that was not read', () => {
    const reading = { atMs: 0, cpuMs: new Map(), produce: Number.NaN, sql: 0, calls: 0 };
    const cost = windowCost(reading, { ...reading, atMs: 1000 }, 10, {
      cpu: new Map(),
      produce: 0,
      sql: 0,
      calls: 0,
      wallMs: 1000,
    });
    expect(cost.produceRequestsPerChange).toBeNaN();
    expect(cost.sqlStatementsPerChange).toBe(0);
  });
});
