import type { DeadLetter } from '../api/api-types';
import { systemName } from '../ui/format';

/** Which side gave up on a message: a connector (`<prefix>connector-<system>`) or the catalog. */
export function failedSystem(letter: DeadLetter): string {
  const connector = /connector-([a-z][a-z0-9-]*)$/.exec(letter.consumerGroup);
  return connector ? connector[1] : 'catalog';
}

/** "customer" from `catalog.customer.v1` or `connector.stripe.inbound.v1`'s payload type. */
export function failedRecordType(letter: DeadLetter): string | null {
  const topic = /catalog\.(customer|product|invoice)\.v1$/.exec(letter.topic);
  if (topic) return topic[1];
  const type = letter.headers['ce_type'] ?? payloadField(letter, 'type');
  const match = typeof type === 'string' ? /(customer|product|invoice)/.exec(type) : null;
  return match ? match[1] : null;
}

function payloadField(letter: DeadLetter, field: string): unknown {
  try {
    const parsed: unknown = JSON.parse(letter.payload ?? 'null');
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)[field]
      : undefined;
  } catch {
    return undefined;
  }
}

/** The record the message was about (the envelope's subject), when the payload names it. */
export function failedRecordId(letter: DeadLetter): string | null {
  const subject = payloadField(letter, 'subject');
  return typeof subject === 'string' ? subject : null;
}

/**
 * What a person calls the record: a catalog event carries the record (`data.entity`), so its
 * name, or an invoice's number. Null when the payload does not hold it.
 */
export function failedRecordLabel(letter: DeadLetter): string | null {
  const data = payloadField(letter, 'data');
  const entity =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['entity'] : null;
  if (typeof entity !== 'object' || entity === null) return null;
  const { name, number } = entity as Record<string, unknown>;
  if (typeof name === 'string' && name !== '') return name;
  if (typeof number === 'string' && number !== '') return `Invoice ${number}`;
  return null;
}

/**
 * The error in words an operator can act on, from the error taxonomy's category; the
 * provider's own message follows as it was given.
 */
export function failureInWords(letter: DeadLetter): string {
  const system = failedSystem(letter);
  const name = system === 'catalog' ? 'The catalog' : systemName(system);
  const { category, attempts } = letter.error;
  // The provider's words, without a final full stop (a sentence of ours may follow).
  const message = letter.error.message.trim().replace(/[.\s]+$/, '');
  const tries = attempts && attempts > 1 ? ` after ${attempts} tries` : '';
  switch (category) {
    case 'validation':
      return `${name} refused the data${tries}: ${message}`;
    case 'auth':
      return `${name} did not accept Concord's credentials${tries}: ${message}. Check the credentials in the integration's settings.`;
    case 'rate-limited':
      return `${name} kept refusing for too many requests${tries}: ${message}. Replay it later.`;
    case 'retryable':
      return `${name} could not be reached${tries}: ${message}. Replay it once ${name} is back.`;
    case 'conflict':
      return `${name} had a conflicting change${tries}: ${message}`;
    case 'not-found':
      return `${name} could not find what this change refers to${tries}: ${message}`;
    default:
      return `${name} could not process this change${tries}: ${message}`;
  }
}

/** The payload pretty-printed when it is JSON, as it was otherwise. */
export function prettyPayload(payload: string | null): string {
  if (payload === null) return '(no payload)';
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}
