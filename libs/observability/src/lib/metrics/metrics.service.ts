import { ValidationError, ValidationErrorCode } from '@concord/errors';
import { Inject, Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';

export interface MetricsOptions {
  /** Added as the `service` label on every metric. */
  serviceName?: string;
  /** Node process metrics (memory, CPU, event loop, GC); default true. */
  defaultMetrics?: boolean;
}

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

/**
 * One Prometheus registry per application (not prom-client's global one, so several apps can
 * share a process in tests). Registration is idempotent: asking twice for a name returns the
 * same metric, so any provider may declare what it uses.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  constructor(@Inject(METRICS_OPTIONS) options: MetricsOptions) {
    if (options.serviceName) this.registry.setDefaultLabels({ service: options.serviceName });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  counter<T extends string>(config: CounterConfiguration<T>): Counter<T> {
    return (
      this.existing(config.name, Counter) ?? new Counter({ ...config, registers: [this.registry] })
    );
  }

  gauge<T extends string>(config: GaugeConfiguration<T>): Gauge<T> {
    return (
      this.existing(config.name, Gauge) ?? new Gauge({ ...config, registers: [this.registry] })
    );
  }

  histogram<T extends string>(config: HistogramConfiguration<T>): Histogram<T> {
    return (
      this.existing(config.name, Histogram) ??
      new Histogram({ ...config, registers: [this.registry] })
    );
  }

  /** The Prometheus text exposition of every registered metric. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private existing<M extends MetricClass>(name: string, kind: M): InstanceType<M> | undefined {
    const metric = this.registry.getSingleMetric(name);
    if (metric === undefined) return undefined;
    if (!(metric instanceof kind)) {
      throw new ValidationError(
        ValidationErrorCode.INVALID_CONFIGURATION,
        `Metric ${name} is already registered as another kind of metric`,
      );
    }
    return metric as InstanceType<M>;
  }
}
