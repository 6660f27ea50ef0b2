import { randomSuffix } from '@concord/testing';

import { offerAtRate, saturate } from '../load/open-loop';
import { type LatencySummary, ratePerSecond, summarize } from '../stats/percentiles';

/** Sends one change that should arrive on the other side under `email`. */
export type SendChange = (email: string, index: number) => Promise<void>;

/** The figures of one phase: what was sent, what arrived, how fast and how late. */
export interface PhaseResult {
  sent: number;
  failed: number;
  arrived: number;
  latency: LatencySummary;
  /** Arrivals per second between the end of warm-up and the end of the offering window. */
  sustainedPerSecond: number;
  /** Sends the entry point accepted per second over the whole window. */
  acceptedPerSecond: number;
}

/**
 * One direction of the pipeline (outbound or inbound): sends changes tagged by a unique email,
 * is told when each arrives on the other side, and turns that into throughput and latency.
 */
export class FlowProbe {
  private readonly sentAt = new Map<string, number>();
  private readonly arrivedAt = new Map<string, number>();
  private readonly run = randomSuffix();
  private phaseCount = 0;

  constructor(
    readonly direction: string,
    private readonly sendChange: SendChange,
  ) {}

  /** Called by whatever watches the other side. */
  arrived(email: string, at: number): void {
    if (this.sentAt.has(email) && !this.arrivedAt.has(email)) this.arrivedAt.set(email, at);
  }

  get backlog(): number {
    return this.sentAt.size - this.arrivedAt.size;
  }

  /** More than the system takes for `windowMs` (backlog capped), counted after `warmupMs`. */
  async sustained(
    concurrency: number,
    windowMs: number,
    warmupMs: number,
    maxBacklog: number,
  ): Promise<PhaseResult> {
    const emails: string[] = [];
    const started = Date.now();
    const { sent, failed } = await saturate(concurrency, windowMs, async (index) => {
      while (this.backlog > maxBacklog) await new Promise((r) => setTimeout(r, 20));
      await this.send(emails, index);
    });
    const ended = Date.now();
    const accepted = emails.length;
    await this.drain(emails);
    const arrivals = emails.map((e) => this.arrivedAt.get(e)).filter((t) => t !== undefined);
    return {
      ...this.result(emails, sent, failed),
      sustainedPerSecond: ratePerSecond(arrivals, started + warmupMs, ended),
      acceptedPerSecond: (accepted * 1000) / (ended - started),
    };
  }

  /** `perSecond` changes paced open-loop for `windowMs`; latency from send to arrival. */
  async offered(perSecond: number, windowMs: number): Promise<PhaseResult> {
    const emails: string[] = [];
    const started = Date.now();
    const { sent, failed } = await offerAtRate(perSecond, windowMs, (index) =>
      this.send(emails, index),
    );
    const ended = Date.now();
    const accepted = emails.length;
    await this.drain(emails);
    const arrivals = emails.map((e) => this.arrivedAt.get(e)).filter((t) => t !== undefined);
    return {
      ...this.result(emails, sent, failed),
      sustainedPerSecond: ratePerSecond(arrivals, started, ended),
      acceptedPerSecond: (accepted * 1000) / (ended - started),
    };
  }

  private async send(emails: string[], index: number): Promise<void> {
    const email = `${this.direction}-${this.run}-${this.phaseCount}-${index}@bench.example`;
    this.sentAt.set(email, Date.now());
    try {
      await this.sendChange(email, index);
      emails.push(email);
    } catch (error) {
      this.sentAt.delete(email);
      throw error;
    }
  }

  /** Waits until every change of the phase arrived, or nothing arrived for 30 s. */
  private async drain(emails: string[]): Promise<void> {
    this.phaseCount += 1;
    let lastProgress = Date.now();
    let arrived = -1;
    for (;;) {
      const now = emails.filter((e) => this.arrivedAt.has(e)).length;
      if (now === emails.length) return;
      if (now !== arrived) {
        arrived = now;
        lastProgress = Date.now();
      }
      if (Date.now() - lastProgress > 30_000) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private result(
    emails: string[],
    sent: number,
    failed: number,
  ): Omit<PhaseResult, 'sustainedPerSecond' | 'acceptedPerSecond'> {
    const latencies = emails
      .filter((e) => this.arrivedAt.has(e))
      .map((e) => (this.arrivedAt.get(e) as number) - (this.sentAt.get(e) as number));
    // What never arrived is reported as missing here and no longer counts as backlog.
    for (const email of emails) if (!this.arrivedAt.has(email)) this.sentAt.delete(email);
    return { sent, failed, arrived: latencies.length, latency: summarize(latencies) };
  }
}
