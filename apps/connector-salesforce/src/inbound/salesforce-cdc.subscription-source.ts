import {
  type InboundContext,
  type ResolvedConnection,
  SubscriptionCursorExpiredError,
  type SubscriptionListener,
  type SubscriptionSource,
} from '@concord/connector-kit';
import { RetryableError, RetryableErrorCode } from '@concord/errors';
import type { Client } from 'jsforce/lib/api/streaming';
import { StreamingExtension } from 'jsforce/lib/api/streaming';

import type { SalesforceClient } from '../salesforce/salesforce-client';
import {
  CHANGE_EVENTS_CHANNEL,
  isConcordChange,
  type SalesforceChangeEvent,
} from './salesforce-change-event';
import { changesFromEvents } from './salesforce-change-events';

/** faye's client (jsforce types it without `disconnect`, which it has). */
type FayeClient = Client & { disconnect(): void };

/** faye's subscription: a thenable settled once Salesforce answered the subscribe. */
interface FayeSubscription {
  then(onSuccess: () => void, onError: (error: { message?: string }) => void): void;
  cancel(): void;
}

/** `settings.streaming: false` turns Change Data Capture off (polling alone serves the org). */
export function streamsChanges(connection: ResolvedConnection): boolean {
  return connection.settings.settings['streaming'] !== false;
}

/** How long a subscribe may go unanswered (faye keeps retrying an unreachable server). */
const SUBSCRIBE_TIMEOUT_MS = 30_000;

function subscribed(subscription: FayeSubscription): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no answer to the subscribe')),
      SUBSCRIBE_TIMEOUT_MS,
    );
    subscription.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error) => {
        clearTimeout(timer);
        reject(new Error(error?.message ?? 'subscription refused'));
      },
    );
  });
}

/**
 * Change Data Capture through the Streaming API: jsforce's CometD client on
 * `/data/ChangeEvents`, resumed with the replay extension from the durable replay id (-1, the
 * tip, without one). A replay id Salesforce no longer holds (past the 72-hour retention) is
 * `SubscriptionCursorExpiredError`: the kit subscribes from the tip and reconciles. A session
 * Salesforce refuses on `/meta/connect` (expired token) ends the subscription as retryable: the
 * kit opens it again with a fresh token, from the saved replay id.
 */
export const salesforceChangeDataCapture: SubscriptionSource<
  SalesforceClient,
  SalesforceChangeEvent
> = {
  stream: 'salesforce-change-events',
  enabled: streamsChanges,
  async open(
    cursor: string | null,
    ctx: InboundContext<SalesforceClient>,
    listener: SubscriptionListener<SalesforceChangeEvent>,
  ) {
    const connection = await ctx.client.authorizedConnection();
    const replayId = cursor === null ? -1 : Number(cursor);
    let ended = false;
    let refuseSubscribe: (error: Error) => void = () => undefined;
    const refused = new Promise<never>((_, reject) => (refuseSubscribe = reject));
    const authFailure = new StreamingExtension.AuthFailure(() => {
      if (ended) return;
      ended = true;
      ctx.client.forgetSession();
      const error = new RetryableError(
        RetryableErrorCode.UPSTREAM_UNAVAILABLE,
        'Salesforce ended the streaming session (401::Authentication invalid)',
      );
      refuseSubscribe(error);
      listener.failed(error);
    });
    const faye = connection.streaming.createClient([
      new StreamingExtension.Replay(CHANGE_EVENTS_CHANNEL, replayId),
      authFailure,
    ]) as FayeClient;
    const subscription = faye.subscribe(CHANGE_EVENTS_CHANNEL, (message: unknown) =>
      listener.received(message as SalesforceChangeEvent),
    ) as unknown as FayeSubscription;
    try {
      await Promise.race([subscribed(subscription), refused]);
    } catch (error) {
      ended = true;
      faye.disconnect();
      const reason = (error as Error).message;
      if (cursor !== null && /replayId .* invalid/i.test(reason)) {
        throw new SubscriptionCursorExpiredError(
          cursor,
          `Salesforce no longer holds replay id ${cursor}`,
        );
      }
      if (error instanceof RetryableError) throw error;
      throw new RetryableError(
        RetryableErrorCode.UPSTREAM_UNAVAILABLE,
        `Salesforce refused the change event subscription: ${reason}`,
      );
    }
    refused.catch(() => undefined);
    return {
      close: async () => {
        ended = true;
        subscription.cancel();
        faye.disconnect();
      },
    };
  },
  cursorOf: (event) => String(event.event.replayId),
  isOwnWrite: isConcordChange,
  toChanges: (events, ctx) => changesFromEvents(events, ctx),
};
