import {
  connectorStateKey,
  cursorStateStream,
  type EntityType,
  EntityTypes,
  linkStateStream,
} from '@concord/model';

/** What a state-topic key addresses. */
export type StateAddress =
  | {
      kind: 'link';
      tenant: string;
      connectionId: string;
      entityType: EntityType;
      entityId: string;
      part: string | null;
    }
  | { kind: 'cursor'; tenant: string; connectionId: string; name: string };

/** Key of a record link, or of one of its parts (`link.product.<id>.price`). */
export function linkKey(
  tenant: string,
  connectionId: string,
  entityType: EntityType,
  entityId: string,
  part: string | null = null,
): string {
  const stream = linkStateStream(entityType, entityId);
  return connectorStateKey(tenant, connectionId, part === null ? stream : `${stream}.${part}`);
}

/** Key of a named cursor (a polling position, a webhook endpoint, a reconciliation marker). */
export function cursorKey(tenant: string, connectionId: string, name: string): string {
  return connectorStateKey(tenant, connectionId, cursorStateStream(name));
}

const LINK_STREAM = /^link\.([a-z]+)\.([0-9a-fA-F-]{36})(?:\.([A-Za-z0-9_-]+))?$/;
const CURSOR_STREAM = /^cursor\.(.+)$/;

/** Reads a state key back; null for keys this kit did not write. */
export function parseStateKey(key: string): StateAddress | null {
  const [tenant, connectionId, ...rest] = key.split(':');
  const stream = rest.join(':');
  if (!tenant || !connectionId || !stream) return null;
  const link = LINK_STREAM.exec(stream);
  if (link) {
    const entityType = link[1] as EntityType;
    if (!EntityTypes.includes(entityType)) return null;
    return {
      kind: 'link',
      tenant,
      connectionId,
      entityType,
      entityId: link[2],
      part: link[3] ?? null,
    };
  }
  const cursor = CURSOR_STREAM.exec(stream);
  return cursor ? { kind: 'cursor', tenant, connectionId, name: cursor[1] } : null;
}
