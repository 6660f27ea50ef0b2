import type { Response } from 'express';

import { etagOf } from './if-match';

export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** Status, `ETag: "<version>"` and, for a replayed idempotent request, a marker header. */
export function describeRecordResponse(
  res: Response,
  record: { version: number },
  status = 200,
  replayed = false,
): void {
  res.status(status);
  res.setHeader('ETag', etagOf(record.version));
  if (replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
}
