import { spawnSync } from 'node:child_process';

import { workspaceRoot } from './workspace-root';

/**
 * Specs that run apps as processes run the BUILT apps (dist/). `npm test` builds once before its
 * test stages and sets CONCORD_SKIP_BUILD=1; a targeted run (one spec) builds here first.
 */
export function ensureBuilt(): void {
  if (process.env['CONCORD_SKIP_BUILD'] === '1') return;
  const result = spawnSync(process.execPath, ['tools/scripts/build.mjs'], {
    cwd: workspaceRoot(),
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('the build failed (see above)');
}
