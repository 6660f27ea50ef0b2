import { HealthRegistry } from './health-registry.service';

describe('HealthRegistry', () => {
  it('is ready with no checks', async () => {
    expect(await new HealthRegistry({}).run()).toEqual({ status: 'ok', checks: {}, failing: [] });
  });

  it('reports every check, naming the failing ones', async () => {
    const registry = new HealthRegistry({ checkTimeoutMs: 100 });
    registry.register('database', async () => true);
    registry.register('kafka', () => ({ ok: false, detail: 'producer disconnected' }));
    registry.register('redis', () => {
      throw new Error('connect ECONNREFUSED redis://:hunter2@127.0.0.1:6379');
    });
    registry.register('stuck', () => new Promise<boolean>(() => undefined));

    const report = await registry.run();
    expect(report.status).toBe('unavailable');
    expect(report.failing.sort()).toEqual(['kafka', 'redis', 'stuck']);
    expect(report.checks).toEqual({
      database: { ok: true },
      kafka: { ok: false, detail: 'producer disconnected' },
      redis: { ok: false, detail: 'connect ECONNREFUSED redis://:[REDACTED]@127.0.0.1:6379' },
      stuck: { ok: false, detail: 'timed out after 100 ms' },
    });
  });

  it('replaces a check registered again under the same name, and forgets an unregistered one', async () => {
    const registry = new HealthRegistry({});
    registry.register('db', () => false);
    registry.register('db', () => true);
    registry.register('gone', () => false);
    registry.unregister('gone');
    expect(await registry.run()).toEqual({
      status: 'ok',
      checks: { db: { ok: true } },
      failing: [],
    });
  });
});
