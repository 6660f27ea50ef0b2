import { execFileSync, spawnSync } from 'node:child_process';

import { root } from './k8s/rendered-manifests';

// tools/scripts/k8s-render.mjs: how an overlay's patches merge, and the errors it stops on.
function call<T>(fn: 'merge' | 'substitute', ...args: unknown[]): T {
  const script = `
    const m = await import('./tools/scripts/k8s-render.mjs');
    try { console.log(JSON.stringify({ value: m.${fn}(...${JSON.stringify(args)}) })); }
    catch (e) { console.log(JSON.stringify({ error: e.message })); }`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out) as T;
}

describe('k8s-render', () => {
  it('merges maps, merges lists of named items by name, and deletes on null', () => {
    const base = {
      spec: {
        minAvailable: 1,
        containers: [
          {
            name: 'app',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'sidecar', image: 'x' },
        ],
        args: ['--a'],
      },
    };
    const patch = {
      spec: {
        minAvailable: null,
        maxUnavailable: 1,
        containers: [
          {
            name: 'app',
            env: [
              { name: 'B', value: '3' },
              { name: 'C', value: '4' },
            ],
          },
        ],
        args: ['--b'],
      },
    };
    expect(call('merge', base, patch)).toEqual({
      value: {
        spec: {
          maxUnavailable: 1,
          containers: [
            {
              name: 'app',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '3' },
                { name: 'C', value: '4' },
              ],
            },
            { name: 'sidecar', image: 'x' },
          ],
          args: ['--b'],
        },
      },
    });
  });

  it('names the file and the variable when an overlay does not set one', () => {
    expect(call('substitute', 'host: ${PUBLIC_HOST}', {}, 'base/ingress.yaml')).toEqual({
      error:
        "k8s-render: base/ingress.yaml uses ${PUBLIC_HOST}, which the overlay's vars do not set",
    });
    expect(call('substitute', 'host: ${PUBLIC_HOST}', { PUBLIC_HOST: 'a.example' }, 'f')).toEqual({
      value: 'host: a.example',
    });
  });

  it('exits 1 naming the overlays there are when asked for another', () => {
    const run = spawnSync(
      process.execPath,
      ['tools/scripts/k8s-render.mjs', '--overlay', 'staging'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect({ status: run.status, stderr: run.stderr.trim(), stdout: run.stdout }).toEqual({
      status: 1,
      stderr: 'k8s-render: no overlay "staging" (have: dev, prod)',
      stdout: '',
    });
  });
});
