import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';

import { HEALTH_OPTIONS, type HealthOptions, HealthRegistry } from './health-registry.service';

/**
 * On SIGTERM, before anything stops: the app reports not ready (`shutdown` check) and keeps
 * serving for `shutdownDelayMs`, so load balancers and Kubernetes endpoints stop sending it new
 * work while what is in flight finishes. Nest then closes the HTTP server and runs the shutdown
 * hooks, where consumers finish their batch, commit and disconnect.
 */
@Injectable()
export class ShutdownReadiness implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    private readonly registry: HealthRegistry,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.registry.register('shutdown', () => ({ ok: false, detail: 'shutting down' }));
    const delayMs = this.options.shutdownDelayMs ?? 0;
    this.logger.log(`${signal ?? 'shutdown'}: not ready; draining for ${delayMs} ms`);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
