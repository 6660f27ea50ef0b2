import {
  httpWebhookTransport,
  RandomStream,
  WebhookDispatcher,
  WebhookTransport,
} from '@concord/simulators/core';

import { XeroChange } from './xero-event';
import { xeroSignature } from './xero-webhook-signature';

export const XERO_API_URL = 'https://api.xero.com/api.xro/2.0';
const ENTROPY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export type SubscriptionStatus = 'NONE' | 'PENDING' | 'OK' | 'FAILED';

export interface WebhookSubscriptionView {
  url: string | null;
  keyConfigured: boolean;
  status: SubscriptionStatus;
  /** Why the intent-to-receive check failed, when it did. */
  problem?: string;
  sequence: number;
}

/**
 * Xero's webhooks: one URL and one signing key for the app, every event naming its tenant.
 * Changes of one API call travel as one signed batch through core's dispatcher (retries,
 * duplicates, delays). A new URL must first pass the intent-to-receive check: a correctly signed
 * empty batch answered 200 and a badly signed one answered 401.
 */
export class XeroWebhookPublisher {
  private url: string | null = null;
  private key: string | null = null;
  private status: SubscriptionStatus = 'NONE';
  private problem: string | undefined;
  private sequence = 0;
  private verifying: Promise<WebhookSubscriptionView> | undefined;

  constructor(
    private readonly random: RandomStream,
    private readonly dispatcher: WebhookDispatcher,
    private readonly transport: WebhookTransport = httpWebhookTransport,
  ) {}

  /** Sets the app's subscription; it delivers once the intent-to-receive check passes. */
  configure(url: string, key: string): void {
    this.url = url;
    this.key = key;
    this.status = 'PENDING';
    this.problem = undefined;
    this.verifying = undefined;
  }

  /** Runs the intent-to-receive check (once at a time) and records the outcome. */
  verify(timeoutMs = 5000): Promise<WebhookSubscriptionView> {
    this.verifying ??= this.intentToReceive(timeoutMs).finally(() => {
      this.verifying = undefined;
    });
    return this.verifying;
  }

  publish(tenantId: string, changes: XeroChange[]): void {
    if (changes.length === 0 || this.url === null || this.key === null) return;
    if (this.status !== 'OK') {
      // Xero sends nothing to an unverified URL; a configured one is verified on first use.
      if (this.status === 'PENDING') void this.verify();
      return;
    }
    const first = this.sequence + 1;
    this.sequence += changes.length;
    const body = JSON.stringify({
      events: changes.map((change) => ({
        resourceUrl: `${XERO_API_URL}/${change.category === 'CONTACT' ? 'Contacts' : 'Invoices'}/${change.resourceId}`,
        resourceId: change.resourceId,
        eventDateUtc: new Date(change.at).toISOString(),
        eventType: change.type,
        eventCategory: change.category,
        tenantId,
        tenantType: 'ORGANISATION',
      })),
      firstEventSequence: first,
      lastEventSequence: this.sequence,
      entropy: this.random.string(20, ENTROPY_ALPHABET),
    });
    const signature = xeroSignature(body, this.key);
    this.dispatcher.enqueue({
      url: this.url,
      body,
      eventId: `xero-seq-${first}-${this.sequence}`,
      eventType: [...new Set(changes.map((change) => `${change.category}.${change.type}`))].join(
        ',',
      ),
      headers: () => ({ 'content-type': 'application/json', 'x-xero-signature': signature }),
    });
  }

  view(): WebhookSubscriptionView {
    return {
      url: this.url,
      keyConfigured: this.key !== null,
      status: this.status,
      ...(this.problem ? { problem: this.problem } : {}),
      sequence: this.sequence,
    };
  }

  private async intentToReceive(timeoutMs: number): Promise<WebhookSubscriptionView> {
    const url = this.url;
    const key = this.key;
    if (url === null || key === null) return this.view();
    const body = JSON.stringify({
      events: [],
      firstEventSequence: 0,
      lastEventSequence: 0,
      entropy: this.random.string(20, ENTROPY_ALPHABET),
    });
    const send = async (signature: string): Promise<number | string> => {
      try {
        const { status } = await this.transport({
          url,
          body,
          timeoutMs,
          headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
        });
        return status;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    };
    const good = await send(xeroSignature(body, key));
    const bad = await send(xeroSignature(body, `${key}-wrong`));
    if (this.url !== url || this.key !== key) return this.view();
    const problems = [
      good === 200 ? undefined : `a correctly signed payload got ${String(good)} (expected 200)`,
      bad === 401 ? undefined : `an incorrectly signed payload got ${String(bad)} (expected 401)`,
    ].filter((problem): problem is string => problem !== undefined);
    this.status = problems.length === 0 ? 'OK' : 'FAILED';
    this.problem =
      problems.length === 0 ? undefined : `Intent to receive failed: ${problems.join('; ')}`;
    return this.view();
  }
}
