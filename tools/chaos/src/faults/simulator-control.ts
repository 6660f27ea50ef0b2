/** The simulator's `/_control/*` API (libs/simulators/core). */
export class SimulatorControl {
  constructor(private readonly simulatorUrl: string) {}

  async send(path: string, body: unknown = {}, method = 'POST'): Promise<void> {
    const response = await fetch(`${this.simulatorUrl}/_control/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
    }
  }
}
