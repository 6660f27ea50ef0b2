import { Writable } from 'node:stream';

import { loadEnv } from '@concord/config';
import { Connection } from 'jsforce';
import Stripe from 'stripe';
import { XeroClient } from 'xero-node';

import { simulatorEnv } from '../config/simulator.env';
import { createSimulatorLogger } from '../config/simulator-logger';
import { simulatorListeners } from '../simulators/simulator-listeners';
import { SimulatorHost } from './simulator-host';

/** Collects the JSON log lines the host writes. */
class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

describe('SimulatorHost', () => {
  let logs: LogCapture;
  let host: SimulatorHost;

  beforeEach(() => {
    logs = new LogCapture();
    host = new SimulatorHost(
      createSimulatorLogger({ LOG_LEVEL: 'debug', LOG_FORMAT: 'json' }, logs),
    );
  });

  afterEach(() => host.stop());

  it('serves the Stripe simulator with health probes, logging requests (at debug) but not probes', async () => {
    const config = loadEnv(simulatorEnv, {
      STRIPE_SIM_PORT: '0',
      SALESFORCE_SIM_PORT: '0',
      XERO_SIM_PORT: '0',
      SIM_SEED: '7',
      LOG_LEVEL: 'debug',
    });
    const [stripe] = await host.start(
      simulatorListeners(config, createSimulatorLogger(config, logs)),
    );
    expect(stripe.name).toBe('stripe');
    expect(await (await fetch(`${stripe.url}/health/live`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${stripe.url}/health/ready`)).status).toBe(200);

    const client = new Stripe('sk_test_host', {
      host: '127.0.0.1',
      port: stripe.port,
      protocol: 'http',
      apiVersion: '2023-08-16' as Stripe.LatestApiVersion,
      maxNetworkRetries: 0,
      telemetry: false,
    });
    const customer = await client.customers.create({ name: 'Host' });
    expect(customer.id).toMatch(/^cus_/);

    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        msg: 'simulator listening',
        simulator: 'stripe',
        seed: 7,
        url: stripe.url,
      }),
    );
    const requests = logs.lines.filter((line) => line['msg'] === 'request');
    expect(requests).toEqual([
      expect.objectContaining({
        simulator: 'stripe',
        method: 'POST',
        path: '/v1/customers',
        status: 200,
      }),
    ]);
    expect(JSON.stringify(logs.lines)).not.toContain('sk_test_host');
  });

  it('serves the Xero simulator to xero-node beside Stripe', async () => {
    const config = loadEnv(simulatorEnv, {
      STRIPE_SIM_PORT: '0',
      SALESFORCE_SIM_PORT: '0',
      XERO_SIM_PORT: '0',
    });
    const started = await host.start(
      simulatorListeners(config, createSimulatorLogger(config, logs)),
    );
    const xero = started.find((listener) => listener.name === 'xero');
    expect(xero).toBeDefined();
    const url = xero?.url ?? '';
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const client = new XeroClient();
    client.accountingApi.basePath = `${url}/api.xro/2.0`;
    client.setTokenSet({ access_token: 'concord-demo-token', token_type: 'Bearer' });
    const tenant = '00000000-0000-0000-0000-000000000001';
    const created = await client.accountingApi.createContacts(tenant, {
      contacts: [{ name: 'Host Contact' }],
    });
    expect(created.body.contacts?.[0].name).toBe('Host Contact');
    const requests = logs.lines.filter((line) => line['msg'] === 'request');
    expect(requests).toEqual([
      expect.objectContaining({ simulator: 'xero', method: 'PUT', path: '/api.xro/2.0/Contacts' }),
    ]);
    expect(JSON.stringify(logs.lines)).not.toContain('concord-demo-token');
  });

  it('serves the Salesforce simulator on its own listener, for jsforce with the demo app', async () => {
    const config = loadEnv(simulatorEnv, {
      STRIPE_SIM_PORT: '0',
      SALESFORCE_SIM_PORT: '0',
      XERO_SIM_PORT: '0',
      SALESFORCE_SIM_DAILY_API_LIMIT: '100',
    });
    const started = await host.start(
      simulatorListeners(config, createSimulatorLogger(config, logs)),
    );
    const salesforce = started.find((simulator) => simulator.name === 'salesforce');
    if (!salesforce) throw new Error('the Salesforce listener did not start');
    expect((await fetch(`${salesforce.url}/health/ready`)).status).toBe(200);
    const conn = new Connection({
      version: '62.0',
      loginUrl: salesforce.url,
      oauth2: {
        loginUrl: salesforce.url,
        clientId: 'concord-demo',
        clientSecret: 'concord-demo-secret',
      },
    });
    await conn.authorize({ grant_type: 'client_credentials' });
    expect(conn.instanceUrl).toBe(salesforce.url);
    const created = await conn.sobject('Account').create({ Name: 'Host' });
    expect(created.success).toBe(true);
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 100 } });
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ msg: 'simulator listening', simulator: 'salesforce' }),
    );
    expect(JSON.stringify(logs.lines)).not.toContain('concord-demo-secret');
  });

  it('fails readiness once stopping, and frees the port', async () => {
    const config = loadEnv(simulatorEnv, {
      STRIPE_SIM_PORT: '0',
      SALESFORCE_SIM_PORT: '0',
      XERO_SIM_PORT: '0',
    });
    const [stripe] = await host.start(
      simulatorListeners(config, createSimulatorLogger(config, logs)),
    );
    expect(host.isReady()).toBe(true);
    await host.stop();
    expect(host.isReady()).toBe(false);
    await expect(fetch(`${stripe.url}/health/live`)).rejects.toThrow();
  });

  it('refuses to start on a port already in use', async () => {
    const config = loadEnv(simulatorEnv, {
      STRIPE_SIM_PORT: '0',
      SALESFORCE_SIM_PORT: '0',
      XERO_SIM_PORT: '0',
    });
    const [first] = await host.start(
      simulatorListeners(config, createSimulatorLogger(config, logs)),
    );
    const second = new SimulatorHost(createSimulatorLogger(config, logs));
    const taken = loadEnv(simulatorEnv, {
      STRIPE_SIM_PORT: String(first.port),
      XERO_SIM_PORT: '0',
      SALESFORCE_SIM_PORT: '0',
    });
    await expect(
      second.start(simulatorListeners(taken, createSimulatorLogger(config, logs))),
    ).rejects.toThrow(/EADDRINUSE/);
    expect(second.isReady()).toBe(false);
  });
});
