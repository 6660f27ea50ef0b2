import { KafkaRequestCounter } from '../counters/kafka-requests';
import { type HeavyStatement, SqlStatementCounter } from '../counters/sql-statements';
import { windowBetween } from '../cpu/cpu-accounting';
import { CpuMeter, type MeteredProcess } from '../cpu/cpu-meter';
import { benchBrokerPid } from '../services/bench-broker';
import type { BenchWorld } from '../world/bench-world';
import { type CostReading, type IdleRates, type WindowCost, windowCost } from './window-cost';

const never = async (): Promise<number> => Number.NaN;

/**
 * What one change costs the deployment: CPU per process (every app, the broker, PostgreSQL and
 * the bench itself, from /proc), Kafka produce requests (the broker's count) and SQL statements
 * (pg_stat_statements), each with its idle rate, measured once at rest, taken out.
 */
export class CostMeter {
  private idle?: IdleRates;

  private constructor(
    private readonly cpu: CpuMeter,
    private readonly produce: KafkaRequestCounter | undefined,
    private readonly sql: SqlStatementCounter | undefined,
    private readonly log: (line: string) => void,
    private readonly calls: () => Promise<number>,
  ) {}

  /** The meter of a world: its apps and PostgreSQL, the bench broker, the bench itself. */
  static open(world: BenchWorld, log: (line: string) => void): Promise<CostMeter> {
    const server = world.postgresServer;
    if (!server) log('SQL statements not counted: the world runs on the shared PostgreSQL');
    return CostMeter.create(
      () => world.meteredProcesses(),
      server ? { adminUrl: server.adminUrl, database: world.database.name } : undefined,
      log,
      () => world.apiCalls(),
    );
  }

  /**
   * A meter of `processes` plus the bench broker and the bench itself; SQL statements counted in
   * `sql.database` when given (a server with pg_stat_statements loaded).
   */
  static async create(
    processes: () => MeteredProcess[],
    sql: { adminUrl: string; database: string } | undefined,
    log: (line: string) => void,
    calls: () => Promise<number> = never,
  ): Promise<CostMeter> {
    const brokerPid = benchBrokerPid();
    const all = (): MeteredProcess[] => [
      ...processes(),
      { name: 'kafka-broker', pid: benchBrokerPid },
      { name: 'bench', pid: () => process.pid, alone: true },
    ];
    let produce: KafkaRequestCounter | undefined;
    try {
      if (brokerPid === undefined) throw new Error('no pid file for the bench broker');
      produce = await KafkaRequestCounter.attach(brokerPid);
    } catch (error) {
      log(`produce requests not counted: ${(error as Error).message}`);
    }
    const statements = sql ? await SqlStatementCounter.open(sql.adminUrl, sql.database) : undefined;
    return new CostMeter(new CpuMeter(all), produce, statements, log, calls);
  }

  async read(): Promise<CostReading> {
    const [produce, sql, calls] = await Promise.all([
      this.produce ? this.produce.count() : never(),
      this.sql ? this.sql.count() : never(),
      this.calls(),
    ]);
    const { atMs, cpuMs } = this.cpu.read();
    return { atMs, cpuMs, produce, sql, calls };
  }

  /** Measures every rate at rest over `wallMs` (nothing sent, consumers caught up). */
  async measureIdle(wallMs: number): Promise<void> {
    const before = await this.read();
    await new Promise((resolve) => setTimeout(resolve, wallMs));
    const after = await this.read();
    const wall = after.atMs - before.atMs;
    this.idle = {
      cpu: windowBetween(before.cpuMs, after.cpuMs, wall),
      produce: after.produce - before.produce,
      sql: after.sql - before.sql,
      calls: after.calls - before.calls,
      wallMs: wall,
    };
    const busy = [...this.idle.cpu]
      .map(([name, w]) => `${name} ${((100 * w.cpuMs) / w.wallMs).toFixed(1)}%`)
      .join(', ');
    this.log(`idle over ${(wall / 1000).toFixed(0)} s: ${busy}`);
  }

  /** The cost per change of `changes` changes handled between two readings. */
  costBetween(before: CostReading, after: CostReading, changes: number): WindowCost {
    const idle = this.idle ?? { cpu: new Map(), produce: 0, sql: 0, calls: 0, wallMs: 0 };
    return windowCost(before, after, changes, idle);
  }

  /** Logs the statements that took the most server time (when SQL is counted). */
  async logHeaviestStatements(limit = 8): Promise<void> {
    if (!this.sql) return;
    const heaviest: HeavyStatement[] = await this.sql.heaviest(limit);
    const total = heaviest.reduce((sum, s) => sum + s.totalMs, 0);
    this.log(`heaviest SQL by server execution time (top ${limit}: ${total.toFixed(0)} ms):`);
    for (const s of heaviest) {
      const each = s.calls > 0 ? s.totalMs / s.calls : 0;
      this.log(
        `  ${s.totalMs.toFixed(0).padStart(7)} ms  ${String(s.calls).padStart(7)} calls  ${each.toFixed(3)} ms each (+${s.planMs.toFixed(0)} ms planning)  ${s.query.slice(0, 140)}`,
      );
    }
  }

  close(): Promise<void> {
    this.produce?.close();
    return this.sql?.close() ?? Promise.resolve();
  }
}
