import type { AppProcess } from '@concord/testing';

import type { ExternalSystem } from '../verify/systems';

/** The systems besides Stripe, each with one connector replica in the run. */
export type OtherSystem = Exclude<ExternalSystem, 'stripe'>;
export const OTHER_SYSTEMS: readonly OtherSystem[] = ['salesforce', 'xero'];

/** The Xero app's webhook signing key between the run's simulator and connector-xero. */
export const XERO_WEBHOOK_KEY = 'chaos-xero-webhook-key-loopback-only';

/** What ChaosWorld starts a connector with (its own env on top of the connectors' common env). */
export type StartApp = (
  name: string,
  script: string,
  env: Record<string, string>,
) => Promise<AppProcess>;

/**
 * connector-salesforce and connector-xero, one replica each, on the same broker, Redis and key
 * ring as connector-stripe. Salesforce changes come as change events (CDC streaming, the
 * subscription given up within 3 s by a replica that dies) and the poll as the safety net; Xero's
 * as signed webhooks (contacts, invoices) and the poll (items have no webhooks).
 */
export class SystemConnectors {
  readonly apps = new Map<OtherSystem, AppProcess>();

  constructor(private readonly systems: readonly OtherSystem[]) {}

  async start(startApp: StartApp, common: Record<string, string>): Promise<void> {
    if (this.systems.includes('salesforce'))
      this.apps.set(
        'salesforce',
        await startApp('connector-salesforce', 'dist/apps/connector-salesforce/src/main.js', {
          ...common,
          CONNECTOR_SUBSCRIPTION_LEASE_MS: '3000',
        }),
      );
    if (!this.systems.includes('xero')) return;
    this.apps.set(
      'xero',
      await startApp('connector-xero', 'dist/apps/connector-xero/src/main.js', {
        ...common,
        XERO_WEBHOOK_KEY,
        // Xero's 60 calls a minute per organisation cannot carry the run's ~2 writes a second in
        // its short run (the simulator's limits are off): ten times that, as a larger budget would.
        XERO_CALLS_PER_MINUTE: '600',
      }),
    );
  }

  has(system: OtherSystem): boolean {
    return this.apps.has(system);
  }

  of(system: OtherSystem): AppProcess {
    const app = this.apps.get(system);
    if (!app) throw new Error(`connector-${system} is not running`);
    return app;
  }

  all(): AppProcess[] {
    return [...this.apps.values()];
  }
}
