import { randomBytes } from 'node:crypto';

import {
  headerValue,
  SimulationClock,
  SimulatorRequest,
  SimulatorResponse,
} from '@concord/simulators/core';

import { SessionStore } from '../oauth/session-store';
import { SalesforceOrg } from '../org/salesforce-org';
import { StreamingEndpoint } from '../salesforce-api';
import { BayeuxClient, BayeuxMessage } from './bayeux-client';
import { StoredChangeEvent } from './change-event-log';

export const ALL_CHANGE_EVENTS = '/data/ChangeEvents';
/** Salesforce holds a connect up to 110 s. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 110_000;
/** A client that has not connected for this long (real time) is forgotten. */
const CLIENT_IDLE_MS = 120_000;

export interface CometdOptions {
  connectTimeoutMs?: number;
}

/**
 * The Streaming API's CometD endpoint (`/cometd/NN.N`, Bayeux 1.0 over long polling):
 * handshake, connect, subscribe, unsubscribe and disconnect, delivering Change Data Capture
 * events on `/data/ChangeEvents` and `/data/<Entity>ChangeEvent`, with the replay extension.
 */
export class CometdEndpoint implements StreamingEndpoint {
  private readonly clients = new Map<string, BayeuxClient>();
  private readonly connectTimeoutMs: number;

  constructor(
    private readonly sessions: SessionStore,
    private readonly clock: SimulationClock,
    options: CometdOptions = {},
  ) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  async handle(request: SimulatorRequest): Promise<SimulatorResponse> {
    if (request.method !== 'POST') return { status: 405, body: [] };
    const messages = parseMessages(request.body);
    if (!messages) return { status: 400, body: [{ successful: false, error: '400::Bad request' }] };
    this.forgetIdleClients();
    const token = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(
      headerValue(request.headers, 'authorization') ?? '',
    )?.[1];
    const session = token ? this.sessions.find(token, this.clock.now()) : undefined;
    const replies: BayeuxMessage[] = [];
    for (const message of messages) {
      const channel = String(message['channel'] ?? '');
      const base = { channel, ...(message['id'] === undefined ? {} : { id: message['id'] }) };
      if (!session) {
        replies.push({
          ...base,
          successful: false,
          error: '401::Authentication invalid',
          advice: { reconnect: 'none' },
        });
        continue;
      }
      if (channel === '/meta/handshake') {
        replies.push(this.handshake(session.org, base));
        continue;
      }
      const client = this.clients.get(String(message['clientId'] ?? ''));
      if (!client || client.org.id !== session.org.id) {
        replies.push({
          ...base,
          successful: false,
          error: '403::Unknown client',
          advice: { reconnect: 'handshake', interval: 0 },
        });
        continue;
      }
      client.lastSeen = Date.now();
      if (channel === '/meta/connect') {
        const events = await this.connect(client);
        replies.push(...events, this.connectReply(client, base));
      } else if (channel === '/meta/subscribe') {
        replies.push(this.subscribe(client, message, base));
      } else if (channel === '/meta/unsubscribe') {
        const subscription = String(message['subscription'] ?? '');
        client.subscriptions.delete(subscription);
        replies.push({ ...base, clientId: client.id, subscription, successful: true });
      } else if (channel === '/meta/disconnect') {
        this.clients.delete(client.id);
        client.release();
        replies.push({ ...base, clientId: client.id, successful: true });
      } else {
        replies.push({ ...base, successful: false, error: `403::Publish denied on ${channel}` });
      }
    }
    return { status: 200, body: replies };
  }

  /** Delivers freshly committed events to every subscribed client of the org. */
  publish(org: SalesforceOrg, events: StoredChangeEvent[]): void {
    for (const client of this.clients.values()) {
      if (client.org.id !== org.id) continue;
      client.deliver(events.flatMap((event) => messagesFor(client, event)));
    }
  }

  /** Handshaken clients with their org and subscriptions (for `GET /_control/state`). */
  view(): { clients: { clientId: string; orgId: string; subscriptions: string[] }[] } {
    return {
      clients: [...this.clients.values()].map((client) => ({
        clientId: client.id,
        orgId: client.org.id,
        subscriptions: [...client.subscriptions],
      })),
    };
  }

  /** Answers every held connect, so listeners can close. */
  close(): void {
    for (const client of this.clients.values()) client.release();
    this.clients.clear();
  }

  private handshake(org: SalesforceOrg, base: BayeuxMessage): BayeuxMessage {
    const client = new BayeuxClient(randomBytes(16).toString('hex'), org, Date.now());
    this.clients.set(client.id, client);
    return {
      ...base,
      version: '1.0',
      minimumVersion: '1.0',
      supportedConnectionTypes: ['long-polling'],
      clientId: client.id,
      successful: true,
      ext: { replay: true, 'payload.format': true },
      advice: { interval: 0, timeout: this.connectTimeoutMs, reconnect: 'retry' },
    };
  }

  /** The first connect answers at once (as CometD servers do); later ones wait for events. */
  private connect(client: BayeuxClient): Promise<BayeuxMessage[]> {
    if (!client.connected) {
      client.connected = true;
      return client.waitForEvents(0);
    }
    return client.waitForEvents(this.connectTimeoutMs);
  }

  private connectReply(client: BayeuxClient, base: BayeuxMessage): BayeuxMessage {
    return {
      ...base,
      clientId: client.id,
      successful: true,
      advice: { interval: 0, timeout: this.connectTimeoutMs, reconnect: 'retry' },
    };
  }

  private subscribe(client: BayeuxClient, message: BayeuxMessage, base: BayeuxMessage) {
    const subscription = String(message['subscription'] ?? '');
    const reply = { ...base, clientId: client.id, subscription };
    const org = client.org;
    if (!org.settings.cdcEnabled || !isChangeEventChannel(org, subscription)) {
      return {
        ...reply,
        successful: false,
        error: `400::The channel you requested to subscribe to does not exist {${subscription}}`,
      };
    }
    const replayId = replayFrom(message, subscription);
    const now = this.clock.now();
    if (!org.changeEvents.canResumeAfter(replayId, now)) {
      return {
        ...reply,
        successful: false,
        error: `400::The replayId {${replayId}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`,
      };
    }
    client.subscriptions.add(subscription);
    if (replayId !== -1) {
      const backlog = org.changeEvents
        .after(replayId, now)
        .filter((event) => channelMatches(subscription, event));
      client.deliver(backlog.map((event) => ({ channel: subscription, data: event.data })));
    }
    return { ...reply, successful: true };
  }

  private forgetIdleClients(): void {
    const cutoff = Date.now() - CLIENT_IDLE_MS;
    for (const [id, client] of this.clients) {
      if (!client.waiting && client.lastSeen < cutoff) this.clients.delete(id);
    }
  }
}

function messagesFor(client: BayeuxClient, event: StoredChangeEvent): BayeuxMessage[] {
  return [...client.subscriptions]
    .filter((channel) => channelMatches(channel, event))
    .map((channel) => ({ channel, data: event.data }));
}

function channelMatches(channel: string, event: StoredChangeEvent): boolean {
  return channel === ALL_CHANGE_EVENTS || channel === `/data/${event.entityName}ChangeEvent`;
}

function isChangeEventChannel(org: SalesforceOrg, channel: string): boolean {
  if (channel === ALL_CHANGE_EVENTS) return true;
  const entity = /^\/data\/(\w+)ChangeEvent$/.exec(channel)?.[1];
  return entity !== undefined && org.schema.sobject(entity)?.name === entity;
}

/** `ext.replay[channel]` of a subscribe; -1 (new events only) when absent. */
function replayFrom(message: BayeuxMessage, channel: string): number {
  const ext = message['ext'];
  const replay =
    typeof ext === 'object' && ext !== null
      ? (ext as Record<string, unknown>)['replay']
      : undefined;
  const value =
    typeof replay === 'object' && replay !== null
      ? (replay as Record<string, unknown>)[channel]
      : undefined;
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : -1;
}

function parseMessages(body: Buffer): BayeuxMessage[] | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.every((item) => typeof item === 'object' && item !== null)
      ? (list as BayeuxMessage[])
      : undefined;
  } catch {
    return undefined;
  }
}
