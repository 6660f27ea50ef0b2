import type { LatencySummary } from '../stats/percentiles';

/** A raw limit of the machine, measured beside the pipeline. */
export interface Baseline {
  name: string;
  what: string;
  perSecond: number;
  latency: LatencySummary;
}
