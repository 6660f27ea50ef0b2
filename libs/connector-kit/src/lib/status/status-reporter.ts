import { classifyError } from '@concord/errors';
import {
  CONNECTOR_STATUS_TYPE,
  connectorEventSource,
  ConnectorStatus,
  type ConnectorStatusData,
  connectorStatusKey,
  createEnvelope,
  envelopeHeaders,
  parseMessage,
} from '@concord/model';

import type { RateBudget } from '../budget/rate-budget';
import type { AttentionFlags } from '../connections/attention-flags';
import type { ConnectionRegistry } from '../connections/connection-registry';
import {
  type ConnectionEntry,
  connectionState,
  stateReason,
} from '../connections/connection-state';
import type { ConnectorDefinition } from '../definition/connector-definition';
import { childLogger, type KitLogger } from '../definition/kit-logger';
import type { WebhookRegistrar } from '../inbound/webhook-registrar';
import type { ExternalCaller } from '../outbound/external-caller';
import type { MessageSender } from '../transport/publisher-port';

type Health = ConnectorStatusData['health'];

/**
 * Publishes each connection's ConnectorStatus on `connector.<system>.status.v1`: health from the
 * connector's probe, state (active, paused, needs-attention, disabled) with the reason, rate-budget
 * use, and the webhook endpoint with its secret encrypted. A probe that works again clears a
 * needs-attention flag raised by an authentication failure (the key was restored).
 */
export class StatusReporter<TClient> {
  constructor(
    private readonly definition: ConnectorDefinition<TClient>,
    private readonly registry: ConnectionRegistry<TClient>,
    private readonly attention: AttentionFlags,
    private readonly caller: ExternalCaller,
    private readonly budget: RateBudget,
    private readonly registrar: WebhookRegistrar<TClient>,
    private readonly topic: string,
    private readonly publisher: MessageSender,
    private readonly logger: KitLogger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Probes (when the connection is meant to run) and publishes one status message. */
  async report(entry: ConnectionEntry<TClient>, probe = true): Promise<ConnectorStatus> {
    const { health, healthReason } = probe
      ? await this.probe(entry)
      : { health: 'healthy' as Health, healthReason: null };
    const current = this.registry.forTenant(entry.settings.tenant) ?? entry;
    return this.publish(current, health, healthReason);
  }

  async publish(
    entry: ConnectionEntry<TClient>,
    health: Health,
    healthReason: string | null,
  ): Promise<ConnectorStatus> {
    const { settings } = entry;
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    const connection = entry.resolved;
    const budget = connection
      ? await this.budget
          .usage(this.caller.budgetKey(settings.tenant), this.caller.limitFor(connection))
          .catch(() => null)
      : null;
    const webhook = this.registrar.endpoint(scope);
    const reason = stateReason(entry) ?? healthReason;
    const data: ConnectorStatusData = {
      system: this.definition.system,
      connectionId: settings.connectionId,
      health,
      state: connectionState(entry),
      reason: reason === null ? null : reason.slice(0, 1000),
      budget,
      apiAllocation: null,
      webhook: webhook ? { url: webhook.url, secret: webhook.secret } : null,
      rotatedCredentials: null,
      observedAt: this.now().toISOString(),
    };
    const status = parseMessage(
      ConnectorStatus,
      createEnvelope({
        source: connectorEventSource(this.definition.system),
        type: CONNECTOR_STATUS_TYPE,
        subject: settings.connectionId,
        tenant: settings.tenant,
        origin: this.definition.system,
        data,
      }),
    );
    await this.publisher.send(this.topic, [
      {
        key: connectorStatusKey(settings.tenant, settings.connectionId),
        value: status,
        headers: envelopeHeaders(status),
      },
    ]);
    return status;
  }

  private async probe(
    entry: ConnectionEntry<TClient>,
  ): Promise<{ health: Health; healthReason: string | null }> {
    const state = connectionState(entry);
    const attentionFromAuth = entry.attention !== null && entry.problem === null;
    if (entry.resolved === null || entry.client === null)
      return { health: 'down', healthReason: entry.problem };
    if (state !== 'active' && !attentionFromAuth) return { health: 'healthy', healthReason: null };
    const scope = { tenant: entry.settings.tenant, connectionId: entry.settings.connectionId };
    const log = childLogger(this.logger, scope);
    const client = entry.client;
    try {
      await this.caller
        .context(entry, 'live', log)
        .call('probe', () => this.definition.healthProbe(client));
      if (attentionFromAuth) {
        log.info({}, 'credentials accepted again; connection resumes');
        await this.attention.clear(scope);
      }
      return { health: 'healthy', healthReason: null };
    } catch (thrown) {
      const error = classifyError(thrown);
      if (error.category === 'auth') {
        await this.attention.flag(
          scope,
          `${this.definition.system} refused the credentials (${error.code})`,
        );
        return { health: 'down', healthReason: error.message };
      }
      return {
        health: error.retryable ? 'degraded' : 'down',
        healthReason: `${error.code}: ${error.message}`,
      };
    }
  }
}
