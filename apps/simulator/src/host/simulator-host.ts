import { listenSimulator, RunningListener } from '@concord/simulators/core';
import { Logger } from 'pino';

import { withHealthAndLogging } from '../health/health-and-logging.handler';
import { SimulatorListenerSpec } from './simulator-listener-spec';

export interface StartedSimulator {
  name: string;
  url: string;
  port: number;
}

/** Runs every simulator of the process, each on its own listener, and stops them together. */
export class SimulatorHost {
  private readonly running: { spec: SimulatorListenerSpec; listener: RunningListener }[] = [];
  private ready = false;

  constructor(private readonly logger: Logger) {}

  isReady(): boolean {
    return this.ready;
  }

  async start(specs: SimulatorListenerSpec[]): Promise<StartedSimulator[]> {
    try {
      for (const spec of specs) {
        const handler = withHealthAndLogging(spec.name, spec.handler, this, this.logger);
        const listener = await listenSimulator(handler, { host: spec.host, port: spec.port });
        this.running.push({ spec, listener });
        this.logger.info(
          { simulator: spec.name, url: listener.url, ...spec.describe() },
          'simulator listening',
        );
      }
    } catch (error) {
      specs.forEach((spec) => spec.close());
      await this.stop();
      throw error;
    }
    this.ready = true;
    return this.running.map(({ spec, listener }) => ({
      name: spec.name,
      url: listener.url,
      port: listener.port,
    }));
  }

  /** Stops taking requests (readiness fails first), closes every listener and simulator. */
  async stop(): Promise<void> {
    this.ready = false;
    const running = this.running.splice(0);
    await Promise.all(
      running.map(async ({ spec, listener }) => {
        await listener.close();
        spec.close();
        this.logger.info({ simulator: spec.name }, 'simulator stopped');
      }),
    );
  }
}
