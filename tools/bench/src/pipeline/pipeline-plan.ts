/** How long and how hard the pipeline bench pushes. */
export interface PipelinePlan {
  tenants: number;
  /** Concurrent writers while measuring sustained throughput. */
  saturationConcurrency: number;
  sustainedWindowMs: number;
  warmupMs: number;
  /** Backlog (sent, not arrived) above which writers wait: keeps the drain short. */
  maxBacklog: number;
  /** Offered loads as fractions of the sustained throughput. */
  loadFractions: number[];
  loadWindowMs: number;
  kafkaMessages: number;
  postgresTransactions: number;
  httpRequests: number;
  /** Outbox rows the relay and Debezium each drain. */
  outboxRows: number;
  /** The window every process's idle CPU rate is measured over, before any load. */
  idleWindowMs: number;
  /** The fixed load the CPU per change is also taken at (besides sustained load). */
  fixedPerSecond: number;
}

export function pipelinePlan(quick: boolean, tenants?: number): PipelinePlan {
  return quick
    ? {
        tenants: tenants ?? 2,
        saturationConcurrency: 16,
        sustainedWindowMs: 8_000,
        warmupMs: 2_000,
        maxBacklog: 400,
        loadFractions: [0.25, 0.5, 0.75],
        loadWindowMs: 4_000,
        kafkaMessages: 500,
        postgresTransactions: 500,
        httpRequests: 500,
        outboxRows: 2_000,
        idleWindowMs: 3_000,
        fixedPerSecond: 50,
      }
    : {
        tenants: tenants ?? 6,
        saturationConcurrency: 32,
        sustainedWindowMs: 40_000,
        warmupMs: 10_000,
        maxBacklog: 2_000,
        loadFractions: [0.25, 0.5, 0.75],
        loadWindowMs: 20_000,
        kafkaMessages: 5_000,
        postgresTransactions: 5_000,
        httpRequests: 3_000,
        outboxRows: 20_000,
        idleWindowMs: 15_000,
        fixedPerSecond: 50,
      };
}
