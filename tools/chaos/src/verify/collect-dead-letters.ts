import type { CatalogClient } from '../clients/catalog-client';
import type { FaultKind } from '../faults/fault-plan';
import { type DeadLetterVerdict, type DeadLetterView, explainDeadLetters } from './dead-letters';
import { countDlqMessages } from './dlq-topics';

/** The tenant's open dead letters (API) with their verdicts, and what the dlq topics hold. */
export async function collectDeadLetters(
  catalog: CatalogClient,
  brokers: string,
  injected: ReadonlySet<FaultKind>,
): Promise<{ verdicts: DeadLetterVerdict[]; topicMessages: number }> {
  const letters = await catalog.listAll<DeadLetterView>('/v1/dead-letters?status=open');
  const topics = await countDlqMessages(brokers);
  let topicMessages = 0;
  for (const count of topics.values()) topicMessages += count;
  return { verdicts: explainDeadLetters(letters, injected), topicMessages };
}
