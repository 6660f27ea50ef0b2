/** What a simulator hands the dispatcher for one endpoint. */
export interface WebhookMessage {
  url: string;
  body: string;
  eventId?: string;
  eventType?: string;
  /** Computed per attempt, because a signature carries the attempt's timestamp. */
  headers: (attemptAtMs: number) => Record<string, string>;
  /** Called once when the (original, not duplicated) delivery gets a 2xx. */
  onDelivered?: () => void;
}

export type DeliveryStatus =
  'held' | 'scheduled' | 'in_flight' | 'delivered' | 'failed' | 'suppressed';

export interface DeliveryAttempt {
  number: number;
  /** Simulation-clock time of the attempt. */
  at: number;
  ok: boolean;
  status?: number;
  error?: string;
}

export interface WebhookDeliveryView {
  id: string;
  eventId?: string;
  eventType?: string;
  url: string;
  status: DeliveryStatus;
  duplicate: boolean;
  createdAt: number;
  nextAttemptAt: number | null;
  attempts: DeliveryAttempt[];
}

export interface WebhookStats {
  total: number;
  pending: number;
  delivered: number;
  failed: number;
  suppressed: number;
  duplicates: number;
  attempts: number;
}
