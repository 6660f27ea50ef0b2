import { HealthRegistry, MetricsService } from '@concord/observability';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

import type { ConnectorDefinition } from '../definition/connector-definition';
import type { ConnectorKitOptions } from '../definition/connector-kit-options';
import type { WebhookRequest, WebhookResponse } from '../inbound/webhook-receiver';
import { prometheusKitMetrics } from '../metrics/prometheus-kit-metrics';
import { CONNECTOR_DEFINITION, CONNECTOR_KIT_OPTIONS } from './connector-kit.tokens';
import { ConnectorRuntime } from './connector-runtime';

/**
 * Runs the connector kit inside a Nest app: starts it when the app boots (failing the boot if
 * Kafka cannot be reached), stops it gracefully on shutdown, and registers its readiness checks.
 */
@Injectable()
export class ConnectorKitService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly runtime: ConnectorRuntime<unknown, unknown>;

  constructor(
    @Inject(CONNECTOR_DEFINITION) definition: ConnectorDefinition<unknown, unknown>,
    @Inject(CONNECTOR_KIT_OPTIONS) options: ConnectorKitOptions,
    metrics: MetricsService,
    private readonly health: HealthRegistry,
    logger: PinoLogger,
  ) {
    this.runtime = new ConnectorRuntime(
      definition,
      { ...options, logger: options.logger ?? logger.logger },
      prometheusKitMetrics(metrics, definition.system),
    );
  }

  get system(): string {
    return this.runtime.definition.system;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.health.register('connections', () => ({
      ok: this.runtime.connectionsLoaded,
      detail: 'connections and links not loaded yet',
    }));
    this.health.register('consumer', () => ({
      ok: this.runtime.isReady,
      detail: 'catalog consumer has not joined its group',
    }));
    await this.runtime.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }

  receiveWebhook(request: WebhookRequest): Promise<WebhookResponse> {
    return this.runtime.webhooks.receive(request);
  }
}
