import { MessageHeaders } from '@concord/model';

import type { BudgetLane } from '../definition/outbound-adapter';
import type { StoredLink } from '../state/connector-state-store';

/** Header the kit puts on messages it parks, so a backfill snapshot keeps its lane. */
export const LANE_HEADER = 'x-concord-lane';
const RETRY_ATTEMPT_HEADER = 'x-retry-attempt';

/** The link time of a link made without knowing the catalog version (never makes an event stale). */
export const UNKNOWN_VERSION_TIME = '1970-01-01T00:00:00.000Z';

/**
 * Snapshots and replays arrive on the retry topic without a retry-attempt header (the catalog put
 * them there); they run in the backfill lane and match existing records before creating.
 */
export function laneOf(
  topic: string,
  retryTopic: string,
  headers: Readonly<Record<string, string>>,
): BudgetLane {
  const marked = headers[LANE_HEADER];
  if (marked === 'backfill' || marked === 'live') return marked;
  return topic === retryTopic && headers[RETRY_ATTEMPT_HEADER] === undefined ? 'backfill' : 'live';
}

/**
 * An event older than what was last written for the entity (a retry overtaken by a newer change),
 * decided by the catalog's version alone: replicas' clocks may differ, versions never go back.
 */
export function isStale(lastWrittenVersion: number | null, entityVersion: number): boolean {
  return lastWrittenVersion !== null && lastWrittenVersion > entityVersion;
}

/** Content both sides already agree on: nothing to write. */
export function isUnchanged(link: StoredLink | null, hash: string): boolean {
  return link !== null && link.contentHash === hash;
}

/**
 * The catalog asks this system's connector to write the record even when the link says both sides
 * hold its content: an operator kept the catalog's value of a conflict the system still differs on.
 */
export function wantsResync(headers: Readonly<Record<string, string>>, system: string): boolean {
  return headers[MessageHeaders.resync] === system;
}

/** The change came from the system this connector writes to: written back only if overwritten. */
export function isEcho(origin: string, system: string): boolean {
  return origin === system;
}

/**
 * Whether the link leaves it open that the system no longer holds an echo's content: the link
 * says the connector last wrote (or saw) something else there. Only then is the system read.
 */
export function echoNeedsCheck(link: StoredLink | null, echoHash: string | null): boolean {
  return (
    link !== null && link.contentHash !== null && echoHash !== null && link.contentHash !== echoHash
  );
}

/**
 * An echo (the catalog applied a change observed in this very system) is written back only when
 * the connector's own later write replaced it there: the system holds exactly what the link says
 * the connector last wrote, not the echo's content. The catalog took the external value, so both
 * sides must end with it. Content that could not be read or compared (`heldHash` null), or a third
 * content (a newer external edit, whose own event follows), leave the echo unwritten.
 */
export function echoOverwritten(
  link: StoredLink | null,
  echoHash: string | null,
  heldHash: string | null,
): boolean {
  return (
    echoNeedsCheck(link, echoHash) &&
    heldHash !== null &&
    heldHash === link?.contentHash &&
    heldHash !== echoHash
  );
}

/** The newer of two ISO times (links only move forward). */
export function laterTime(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
