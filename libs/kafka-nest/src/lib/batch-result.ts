import type { BatchHandlerResult } from '@concord/kafka';
import { isObservable, lastValueFrom } from 'rxjs';

/**
 * What a Nest event handler returned, as the runner needs it. Nest hands back the handler's value,
 * a promise of it or an observable; an exception comes back as an observable that errors (Nest's
 * RPC exception filter turns it into `{ status: 'error', message }`), which fails the batch.
 */
export async function batchResultOf(
  returned: unknown,
  pattern: string,
  messages: number,
): Promise<BatchHandlerResult> {
  let value: unknown;
  try {
    value = isObservable(returned) ? await lastValueFrom(returned) : await returned;
  } catch (thrown) {
    throw thrown instanceof Error ? thrown : new Error(`${pattern}: ${messageOf(thrown)}`);
  }
  if (!isBatchHandlerResult(value) || value.dispositions.length !== messages) {
    throw new Error(
      `${pattern}: the handler must return { dispositions, outputs } with one disposition per message (${messages})`,
    );
  }
  return value;
}

function isBatchHandlerResult(value: unknown): value is BatchHandlerResult {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<BatchHandlerResult>;
  return Array.isArray(candidate.dispositions) && Array.isArray(candidate.outputs);
}

function messageOf(thrown: unknown): string {
  if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) {
    return String((thrown as { message: unknown }).message);
  }
  return String(thrown);
}
