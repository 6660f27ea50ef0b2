import { ValidationError, ValidationErrorCode } from '@concord/errors';

import { isRecord } from '../faults/fault-rule';

export interface WebhookSettings {
  /** Off: events are still recorded, but every delivery is dropped (a lost-webhook drill). */
  enabled: boolean;
  /** Share of deliveries sent twice, 0..1. */
  duplicateRate: number;
  /** Wait before the first attempt. */
  delayMs: number;
  /** Deliveries are held for `reorderWindowMs` and then sent in a shuffled order. */
  reorder: boolean;
  reorderWindowMs: number;
  /** Attempts per delivery, including the first. */
  maxAttempts: number;
  /** First retry delay; it doubles per attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** An attempt with no response within this time counts as failed. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  enabled: true,
  duplicateRate: 0,
  delayMs: 0,
  reorder: false,
  reorderWindowMs: 200,
  maxAttempts: 5,
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
  timeoutMs: 5_000,
};

const NUMERIC_LIMITS: Record<string, [number, number]> = {
  duplicateRate: [0, 1],
  delayMs: [0, 86_400_000],
  reorderWindowMs: [0, 60_000],
  maxAttempts: [1, 100],
  retryBaseMs: [0, 86_400_000],
  retryMaxMs: [0, 86_400_000],
  timeoutMs: [1, 600_000],
};

/** Parses `POST /_control/webhooks` (or the TypeScript options): only the given fields change. */
export function parseWebhookSettings(body: unknown): Partial<WebhookSettings> {
  if (!isRecord(body)) throw invalid('body', 'expected a JSON object');
  const parsed: Partial<WebhookSettings> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'enabled' || key === 'reorder') {
      if (typeof value !== 'boolean') throw invalid(key, 'a boolean');
      parsed[key] = value;
    } else if (key in NUMERIC_LIMITS) {
      const [min, max] = NUMERIC_LIMITS[key];
      if (typeof value !== 'number' || !(value >= min && value <= max)) {
        throw invalid(key, `a number between ${min} and ${max}`);
      }
      (parsed as Record<string, number>)[key] = value;
    } else {
      throw invalid(key, 'unknown setting');
    }
  }
  return parsed;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(
    ValidationErrorCode.INVALID_INPUT,
    `Invalid webhook setting: ${field}`,
    [{ field, message }],
  );
}
