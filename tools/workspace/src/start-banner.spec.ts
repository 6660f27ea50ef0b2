import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// `npm start` ends with this banner (tools/scripts/start-banner.mjs), built from apps.mjs.
const root = join(__dirname, '..', '..', '..');

interface AppEntry {
  name: string;
  port: number;
  links?: Array<{ label: string; path: string; port?: number; note?: string }>;
  metricsPath?: string;
}

/** The apps of apps.mjs (links, ports) and the banner start.mjs prints for them plus `extra`. */
function render(extra: AppEntry[] = []): { apps: AppEntry[]; banner: string[] } {
  const script = `
    const { apps } = await import('./tools/scripts/apps.mjs');
    const { startBanner } = await import('./tools/scripts/start-banner.mjs');
    const running = [...apps, ...${JSON.stringify(extra)}];
    const banner = startBanner({ running, kafka: '127.0.0.1:9092', demoApiKey: 'ck_demo_key', seconds: '9.5' });
    console.log(JSON.stringify({ apps, banner }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out) as { apps: AppEntry[]; banner: string[] };
}

describe('the banner npm start ends with', () => {
  it('lists every link and metrics endpoint of every app, Kafka, the demo key and how to stop', () => {
    const { apps, banner } = render();
    const text = banner.join('\n');
    for (const app of apps) {
      expect(app.links?.length).toBeGreaterThan(0);
      for (const link of app.links ?? []) {
        expect(text).toContain(link.label);
        expect(text).toContain(`http://127.0.0.1:${link.port ?? app.port}${link.path}`);
      }
      if (app.metricsPath) expect(text).toContain(`http://127.0.0.1:${app.port}${app.metricsPath}`);
    }
    expect(text).toContain('Catalog API        http://127.0.0.1:3000/v1');
    expect(text).toContain('API docs           http://127.0.0.1:3000/docs');
    expect(text).toContain('Xero simulator     http://127.0.0.1:12131/api.xro/2.0');
    expect(text).toContain('Kafka              127.0.0.1:9092');
    expect(text).toContain('Demo tenant key    ck_demo_key');
    expect(text).toContain(
      'curl -H "Authorization: Bearer ck_demo_key" http://127.0.0.1:3000/v1/customers',
    );
    expect(text).toContain('Ctrl-C stops the apps');
    // One screen: a line per link (one per app and simulator: Stripe, Salesforce and Xero each have
    // a simulator and a connector), metrics, Kafka, the key, how to stop.
    expect(banner.length).toBeLessThanOrEqual(20);
  });

  it('shows an app added to apps.mjs later, such as the console, with no change to the banner', () => {
    const { banner } = render([
      { name: 'console', port: 4200, links: [{ label: 'Console', path: '/', note: 'sign in' }] },
    ]);
    expect(banner).toContain('  Console            http://127.0.0.1:4200/  (sign in)');
  });
});
