/** The simulator's `/_control/*` API (libs/simulators/core). */
export class SimulatorControl {
  constructor(private readonly simulatorUrl: string) {}

  async send(path: string, body: unknown = {}, method = 'POST'): Promise<void> {
    await this.request(path, method, body);
  }

  /**
   * Webhook deliveries still held, scheduled or in flight. A delivery the simulator gave up on
   * (every attempt failed, as Stripe gives up) is settled: its event keeps `pending_webhooks > 0`
   * for good, so Stripe's own `delivery_success=false` listing never empties after an outage.
   */
  async pendingWebhookDeliveries(): Promise<number> {
    const answer = (await this.request('webhooks/deliveries', 'GET')) as {
      stats?: { pending?: unknown };
    };
    const pending = answer.stats?.pending;
    if (typeof pending !== 'number') throw new Error('control GET webhooks/deliveries: no stats');
    return pending;
  }

  private async request(path: string, method: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.simulatorUrl}/_control/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
    }
    const text = await response.text();
    return text === '' ? null : (JSON.parse(text) as unknown);
  }
}
