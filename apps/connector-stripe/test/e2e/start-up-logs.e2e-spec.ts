import { formatLogLine } from '@concord/observability';
import type { AppProcess } from '@concord/testing';

import { StripeE2eWorld } from './stripe-e2e-world';

// What `npm start` shows a newcomer: the simulator, catalog-service and the connector at the
// default level (info), each JSON line shown as one line by the terminal format. The connector
// runs without Redis, so its start has a warning, which must be shown.
const world = new StripeE2eWorld({
  simulatorEnv: { LOG_LEVEL: 'info' },
  catalogEnv: { LOG_LEVEL: 'info' },
  connectorEnv: { LOG_LEVEL: 'info', REDIS_URL: '' },
});

/** Every line an app printed, as the terminal shows it; each must be one JSON record. */
function terminalLines(app: AppProcess, name: string, from = 0): string[] {
  const lines = app.logs().split('\n').slice(from).filter(Boolean);
  for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  return lines.map((line) => formatLogLine(line, { app: name }));
}

function lineCount(app: AppProcess): number {
  return app.logs().split('\n').length - 1;
}

beforeAll(() => world.start(), 240_000);
afterAll(() => world.stop(), 60_000);

describe('start-up logs at the default level', () => {
  it('are a few info lines per app until ready, one line per event, warnings included', () => {
    const shown = {
      simulator: terminalLines(world.simulator, 'simulator'),
      catalog: terminalLines(world.catalog, 'catalog-service'),
      connector: terminalLines(world.connectors[0] as AppProcess, 'connector-stripe'),
    };
    for (const lines of Object.values(shown)) {
      for (const line of lines) expect(line).not.toContain('\n');
      // Warnings and errors (a broker still loading, say) are never too many to show.
      const routine = lines.filter((line) => / (TRACE|DEBUG|INFO) /.test(line));
      expect(routine.length).toBeGreaterThan(0);
      expect(routine.length).toBeLessThanOrEqual(5);
    }
    const all = Object.values(shown).flat();
    expect(all.join('\n')).not.toMatch(/InstanceLoader|RoutesResolver|RouterExplorer|NestFactory/);
    expect(all).toContainEqual(
      expect.stringMatching(/ connector-stripe WARN {2}REDIS_URL is not set: rate budget/),
    );
    expect(all).toContainEqual(
      expect.stringMatching(/ catalog-service {2}INFO {2}\[Bootstrap\] catalog-service listening/),
    );
  });

  it('stay quiet while a connection is idle: status heartbeats and polls log at debug', async () => {
    const tenant = await world.newTenant();
    await world.connectStripe(tenant);
    const status = async (): Promise<number> => {
      const body = await tenant.catalog.get<{ observedAt: string }>(
        '/v1/integrations/stripe/status',
      );
      return Date.parse(body.body.observedAt);
    };
    const before = await status();
    // The catalog logs that request just after answering it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const apps = [world.simulator, world.catalog, world.connectors[0] as AppProcess];
    const marks = apps.map(lineCount);

    // The world's connector reports its status every second: about five heartbeats.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const added = apps.map((app, i) => app.logs().split('\n').slice(marks[i]).filter(Boolean));

    expect(await status()).toBeGreaterThanOrEqual(before + 3_000);
    expect(added).toEqual([[], [], []]);
  });
});
