import { AuthError, AuthErrorCode, classifyError } from '@concord/errors';

import type { AttentionFlags } from '../connections/attention-flags';
import { refusedCredentials } from '../connections/attention-reason';
import type { ConnectionRegistry } from '../connections/connection-registry';
import type { ConnectionEntry } from '../connections/connection-state';
import { connectionState, syncsInbound } from '../connections/connection-state';
import type { ConnectorDefinition } from '../definition/connector-definition';
import type { InboundChangeDraft, WebhookSource } from '../definition/inbound-source';
import { childLogger, type KitLogger } from '../definition/kit-logger';
import type { KitMetrics } from '../metrics/kit-metrics';
import type { ExternalCaller } from '../outbound/external-caller';
import type { StateScope } from '../state/connector-state-store';
import type { InboundPublisher } from './inbound-publisher';
import { KeyedSerializer } from './keyed-serializer';
import type { OverwrittenEdits } from './overwritten-edits';
import { RecentEventIds } from './recent-event-ids';
import type { WebhookRegistrar } from './webhook-registrar';

/** A delivery whose signature and connection were accepted. */
interface Admitted<TClient, TEvent> {
  source: WebhookSource<TClient, TEvent>;
  scope: StateScope;
  entry: ConnectionEntry<TClient>;
  events: TEvent[];
}

/** The HTTP answer to a webhook delivery. */
export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
}

/** One webhook request as the HTTP layer hands it over. */
export interface WebhookRequest {
  tenant: string;
  connectionId: string;
  rawBody: Buffer | undefined;
  headers: Readonly<Record<string, string | undefined>>;
}

const refused = (status: number, code: string, message: string): WebhookResponse => ({
  status,
  body: { error: { code, message } },
});

/**
 * The webhook plumbing every connector shares: the signature is checked over the raw body (forged,
 * tampered or stale: 400, nothing changes), duplicates and Concord's own echoes are acknowledged
 * without effect, unknown event types are ignored and counted, and the answer is 2xx only after the
 * changes are in Kafka (acks=all); otherwise 5xx so the provider delivers again.
 */
export class WebhookReceiver<TClient, TEvent> {
  private readonly recent = new RecentEventIds();
  private readonly serializer = new KeyedSerializer();

  constructor(
    private readonly definition: ConnectorDefinition<TClient, TEvent>,
    private readonly registry: ConnectionRegistry<TClient>,
    private readonly attention: AttentionFlags,
    private readonly registrar: WebhookRegistrar<TClient>,
    private readonly caller: ExternalCaller,
    private readonly publisher: InboundPublisher,
    private readonly metrics: KitMetrics,
    private readonly logger: KitLogger,
    private readonly overwritten: OverwrittenEdits,
  ) {}

  /**
   * Handles one delivery. The signature and the connection's state are checked at once, so a flood
   * of forged or refused deliveries never waits behind genuine ones, nor delays them; events about
   * one record are then handled in arrival order, events about different records concurrently.
   */
  async receive(request: WebhookRequest): Promise<WebhookResponse> {
    const admitted = this.admit(request);
    if ('status' in admitted) return admitted;
    const { source, scope, entry, events } = admitted;
    // Without `subjectOf`, every delivery of the connection shares one key: arrival order.
    const keys = events.map(
      (event) => `${scope.tenant}:${scope.connectionId}:${source.subjectOf?.(event) ?? '*'}`,
    );
    return this.serializer.run(keys, () => this.handle(source, scope, entry, events));
  }

  private admit(request: WebhookRequest): WebhookResponse | Admitted<TClient, TEvent> {
    const source = this.definition.inbound.webhook;
    const entry = this.registry.byConnectionId(request.tenant, request.connectionId);
    if (!source || !entry) {
      this.metrics.webhookRejected('unknown-connection');
      return refused(404, 'UNKNOWN_CONNECTION', 'No such connection');
    }
    const scope = { tenant: request.tenant, connectionId: request.connectionId };
    let events: TEvent[];
    try {
      if (!request.rawBody) throw new AuthError(AuthErrorCode.INVALID_SIGNATURE, 'No raw body');
      events = source.verify(request.rawBody, request.headers, this.registrar.secrets(scope));
    } catch (error) {
      const reason = classifyError(error);
      this.metrics.webhookRejected('invalid-signature');
      this.logger.warn({ ...scope, code: reason.code }, 'webhook refused');
      return refused(400, AuthErrorCode.INVALID_SIGNATURE, 'Invalid webhook signature');
    }
    if (!entry.settings.enabled || !['both', 'inbound'].includes(entry.settings.direction)) {
      return { status: 200, body: { received: true, applied: 0 } };
    }
    if (connectionState(entry) !== 'active' || entry.resolved === null) {
      // Not acknowledged: the provider delivers again once the connection works.
      this.metrics.webhookRejected('connection-not-active');
      return refused(503, 'CONNECTION_NOT_ACTIVE', 'Connection is paused or needs attention');
    }
    return { source, scope, entry, events };
  }

  private async handle(
    source: WebhookSource<TClient, TEvent>,
    scope: StateScope,
    entry: ConnectionEntry<TClient>,
    events: TEvent[],
  ): Promise<WebhookResponse> {
    const wanted = (type: Parameters<typeof syncsInbound>[1]): boolean =>
      syncsInbound(entry.settings, type);
    const connection = entry.resolved;
    if (connection === null) {
      this.metrics.webhookRejected('connection-not-active');
      return refused(503, 'CONNECTION_NOT_ACTIVE', 'Connection is paused or needs attention');
    }
    let applied = 0;
    for (const event of events) {
      const eventId = source.eventId(event);
      const dedupKey = `${scope.tenant}:${scope.connectionId}:${eventId}`;
      if (this.recent.has(dedupKey) || source.isOwnWrite(event)) {
        this.recent.add(dedupKey);
        continue;
      }
      const log = childLogger(this.logger, {
        ...scope,
        eventId,
        eventType: source.eventType(event),
      });
      try {
        const drafts = await source.toChanges(event, this.caller.context(entry, 'live', log));
        if (drafts === null) {
          this.metrics.webhookIgnored(source.eventType(event));
        } else {
          const relevant: InboundChangeDraft[] = [];
          for (const draft of drafts.filter((d) => wanted(d.entityType))) {
            // An edit Concord's own write replaced meanwhile still reaches the catalog, as a conflict.
            const settled = await this.overwritten.settle(scope, draft);
            if (settled.previous !== undefined) {
              log.info(
                { externalId: draft.externalId },
                "change overwritten by Concord's own write: published with its base",
              );
            }
            relevant.push(settled);
          }
          await this.publisher.publish(connection, relevant, 'webhook');
          applied += relevant.length;
        }
        this.recent.add(dedupKey);
      } catch (thrown) {
        const error = classifyError(thrown);
        if (error.category === 'auth') {
          await this.attention.flag(scope, refusedCredentials(this.definition.system, error));
        }
        log.warn(
          { code: error.code, category: error.category },
          'webhook not stored; provider will retry',
        );
        this.metrics.webhookRejected(
          error.retryable || error.category === 'auth' ? 'retryable' : 'failed',
        );
        return refused(
          error.retryable ? 503 : 500,
          error.code,
          'Webhook not stored; deliver again',
        );
      }
    }
    return { status: 200, body: { received: true, applied } };
  }
}
