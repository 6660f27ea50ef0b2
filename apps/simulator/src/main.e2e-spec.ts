import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { ensureBuilt, freePort } from '@concord/testing';
import Stripe from 'stripe';

const root = resolve(__dirname, '../../..');
const mainJs = resolve(root, 'dist/apps/simulator/src/main.js');

/** Starts the built app and resolves once it logged that its last simulator (Xero) listens. */
function startSimulator(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; lines: unknown[] }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [mainJs], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: unknown[] = [];
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; simulator?: string };
      lines.push(entry);
      if (entry.msg === 'simulator listening' && entry.simulator === 'xero') {
        resolveStart({ child, lines });
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${stderr}`)));
  });
}

describe('apps/simulator as a process', () => {
  beforeAll(() => {
    ensureBuilt();
    expect(existsSync(mainJs)).toBe(true);
  }, 300_000);

  it('serves health, the Stripe API, the Salesforce token endpoint and the Xero API, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const salesforcePort = await freePort();
    const xeroPort = await freePort();
    const { child, lines } = await startSimulator({
      STRIPE_SIM_PORT: String(port),
      SALESFORCE_SIM_PORT: String(salesforcePort),
      XERO_SIM_PORT: String(xeroPort),
      SIMULATOR_HOST: '127.0.0.1',
      SIM_SEED: '11',
    });
    try {
      expect(lines[0]).toMatchObject({
        level: 'info',
        simulator: 'stripe',
        seed: 11,
        url: `http://127.0.0.1:${port}`,
      });
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()).toEqual({
        status: 'ready',
      });

      const stripe = new Stripe('sk_test_concord_demo', {
        host: '127.0.0.1',
        port,
        protocol: 'http',
        apiVersion: '2023-08-16' as Stripe.LatestApiVersion,
        maxNetworkRetries: 0,
        telemetry: false,
      });
      const customer = await stripe.customers.create({ email: 'e2e@example.com' });
      expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
        email: 'e2e@example.com',
      });
      const state = await (await fetch(`http://127.0.0.1:${port}/_control/state`)).json();
      expect(state).toMatchObject({ seed: 11, accounts: { accounts: 1 } });

      const token = await fetch(`http://127.0.0.1:${salesforcePort}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=concord-demo&client_secret=concord-demo-secret',
      });
      expect(await token.json()).toMatchObject({
        instance_url: `http://127.0.0.1:${salesforcePort}`,
        token_type: 'Bearer',
      });
      expect(lines[1]).toMatchObject({
        simulator: 'salesforce',
        url: `http://127.0.0.1:${salesforcePort}`,
      });
      expect(lines[2]).toMatchObject({ simulator: 'xero', url: `http://127.0.0.1:${xeroPort}` });
      const connections = await fetch(`http://127.0.0.1:${xeroPort}/connections`, {
        headers: { authorization: 'Bearer concord-demo-token' },
      });
      expect(await connections.json()).toEqual([
        expect.objectContaining({ tenantId: '00000000-0000-0000-0000-000000000001' }),
      ]);
    } finally {
      const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'shutting down', signal: 'SIGTERM' }),
    );
  });

  it('refuses to start with an invalid variable, naming it', () => {
    const run = spawnSync(process.execPath, [mainJs], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', STRIPE_SIM_PORT: 'not-a-port' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('STRIPE_SIM_PORT must be an integer between 0 and 65535');
  });
});
