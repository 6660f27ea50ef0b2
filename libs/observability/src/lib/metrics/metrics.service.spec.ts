import { ValidationError } from '@concord/errors';

import { MetricsService } from './metrics.service';

describe('MetricsService', () => {
  it('returns the same metric when a name is registered twice', async () => {
    const metrics = new MetricsService({ serviceName: 'svc', defaultMetrics: false });
    const first = metrics.counter({ name: 'events_total', help: 'events', labelNames: ['topic'] });
    const second = metrics.counter({ name: 'events_total', help: 'events', labelNames: ['topic'] });
    expect(second).toBe(first);

    first.inc({ topic: 'a' });
    second.inc({ topic: 'a' }, 2);
    expect(await metrics.metrics()).toContain('events_total{topic="a",service="svc"} 3');
  });

  it('refuses a name already taken by another kind of metric', () => {
    const metrics = new MetricsService({ defaultMetrics: false });
    metrics.gauge({ name: 'lag', help: 'consumer lag' });
    expect(() => metrics.histogram({ name: 'lag', help: 'consumer lag' })).toThrow(ValidationError);
  });

  it('keeps each instance in its own registry, with the Node process metrics by default', async () => {
    const a = new MetricsService({});
    const b = new MetricsService({ defaultMetrics: false });
    a.counter({ name: 'only_in_a_total', help: 'x' });
    expect(await a.metrics()).toContain('process_cpu_user_seconds_total');
    expect(await b.metrics()).not.toContain('only_in_a_total');
    expect(a.contentType).toContain('text/plain');
  });
});
