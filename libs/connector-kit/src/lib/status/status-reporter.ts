import { classifyError } from '@concord/errors';
import {
  type ConnectionTestResult,
  CONNECTOR_STATUS_TYPE,
  connectorEventSource,
  ConnectorStatus,
  type ConnectorStatusData,
  connectorStatusKey,
  createEnvelope,
  envelopeHeaders,
  type InboundRun,
  parseMessage,
} from '@concord/model';

import type { RateBudget } from '../budget/rate-budget';
import type { AttentionFlags } from '../connections/attention-flags';
import { refusedCredentials } from '../connections/attention-reason';
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
import { testConnection } from './connection-test';
import { allowanceUsedUp, allowanceWarningReason, isAllowanceExhausted } from './daily-allowance';

type Health = ConnectorStatusData['health'];

/** A running listing publishes its progress at most this often (and at its start and end). */
const RUN_PROGRESS_INTERVAL_MS = 5000;

/**
 * Publishes each connection's ConnectorStatus on `connector.<system>.status.v1`: health from the
 * connector's probe, state (active, paused, needs-attention, disabled) with the reason, rate-budget
 * use, and the webhook endpoint with its secret encrypted. A probe that works again clears a
 * needs-attention flag raised by an authentication failure (the key was restored).
 */
export class StatusReporter<TClient> {
  /** The latest listing run and the last probed health, per connection (this replica's). */
  private readonly runs = new Map<string, { run: InboundRun; publishedAt: number }>();
  private readonly health = new Map<string, { health: Health; reason: string | null }>();

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
    if (probe) this.health.set(keyOf(entry), { health, reason: healthReason });
    return this.publish(current, health, healthReason);
  }

  /**
   * Records a listing run's progress (reconciliation or backfill, the import side) and publishes a
   * status carrying it: at once when `now` is set (its start and end), else at most every 5 s.
   * Later statuses carry the latest run too. A failed publish never fails the run.
   */
  async trackRun(entry: ConnectionEntry<TClient>, run: InboundRun, now = false): Promise<void> {
    const key = keyOf(entry);
    const last = this.runs.get(key);
    const at = this.now().getTime();
    const due = now || !last || at - last.publishedAt >= RUN_PROGRESS_INTERVAL_MS;
    this.runs.set(key, { run, publishedAt: due ? at : (last?.publishedAt ?? at) });
    if (!due) return;
    const known = this.health.get(key) ?? { health: 'healthy' as Health, reason: null };
    const current = this.registry.forTenant(entry.settings.tenant) ?? entry;
    await this.publish(current, known.health, known.reason).catch((error: unknown) =>
      this.logger.warn({ err: String(error) }, 'run progress not published'),
    );
  }

  /**
   * Answers an operator's connection test (`requestId`): one authenticated call with the real
   * credentials, its outcome published on the status topic with the provider's message.
   */
  async testConnection(
    entry: ConnectionEntry<TClient>,
    requestId: string,
  ): Promise<ConnectionTestResult> {
    const log = childLogger(this.logger, {
      tenant: entry.settings.tenant,
      connectionId: entry.settings.connectionId,
    });
    const result = await testConnection(this.definition, entry, requestId, this.now);
    log.info({ requestId, outcome: result.outcome, code: result.errorCode }, 'connection tested');
    const health: Health =
      result.outcome === 'succeeded' ? 'healthy' : result.retryable ? 'degraded' : 'down';
    await this.publish(entry, health, result.test.message, result.test);
    return result.test;
  }

  async publish(
    entry: ConnectionEntry<TClient>,
    health: Health,
    healthReason: string | null,
    connectionTest?: ConnectionTestResult,
  ): Promise<ConnectorStatus> {
    const { settings } = entry;
    const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
    const connection = entry.resolved;
    const run = this.runs.get(keyOf(entry))?.run;
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
      apiAllocation: connection ? await this.caller.allowance(settings.tenant) : null,
      webhook: webhook ? { url: webhook.url, secret: webhook.secret } : null,
      rotatedCredentials: null,
      observedAt: this.now().toISOString(),
      ...(connectionTest ? { connectionTest } : {}),
      ...(run ? { inboundRun: run } : {}),
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
        log.info({}, 'the system accepts calls again; connection resumes');
        await this.attention.clear(scope);
      }
      const allowance = await this.caller.allowance(entry.settings.tenant);
      if (allowance && this.caller.allowanceWarning(allowance)) {
        return {
          health: 'degraded',
          healthReason: allowanceWarningReason(this.definition.system, allowance),
        };
      }
      return { health: 'healthy', healthReason: null };
    } catch (thrown) {
      const error = classifyError(thrown);
      if (isAllowanceExhausted(error)) {
        await this.attention.flag(scope, allowanceUsedUp(this.definition.system));
        return { health: 'down', healthReason: error.message };
      }
      if (error.category === 'auth') {
        await this.attention.flag(scope, refusedCredentials(this.definition.system, error));
        return { health: 'down', healthReason: error.message };
      }
      return {
        health: error.retryable ? 'degraded' : 'down',
        healthReason: `${error.code}: ${error.message}`,
      };
    }
  }
}

function keyOf(entry: ConnectionEntry<unknown>): string {
  return `${entry.settings.tenant}:${entry.settings.connectionId}`;
}
