import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseAllDocuments } from 'yaml';

// The compose file is written and checked, not run here (no Docker engine): this keeps it in step
// with the apps `npm start` runs. The Kubernetes manifests have their own checks (k8s-*.spec.ts).
const root = join(__dirname, '..', '..', '..');

function appNames(): string[] {
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { apps } = await import('./tools/scripts/apps.mjs'); console.log(JSON.stringify(apps.map((a) => a.name)));",
    ],
    { cwd: root, encoding: 'utf8' },
  );
  return JSON.parse(out) as string[];
}

describe('deployables', () => {
  const apps = appNames();

  it('gives every app a compose service', () => {
    const compose = parseAllDocuments(
      readFileSync(join(root, 'docker', 'compose.yaml'), 'utf8'),
    )[0].toJSON() as {
      services: Record<string, unknown>;
    };
    for (const app of apps) expect(Object.keys(compose.services)).toContain(app);
  });
});
