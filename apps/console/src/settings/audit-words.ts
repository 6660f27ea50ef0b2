import type { ApiKey, AuditEntry } from '../api/api-types';
import { systemName } from '../ui/format';

/** catalog-service's audit actions, as a sentence an operator reads. */
const ACTIONS: Record<string, string> = {
  'tenant.created': 'Created the organisation',
  'api-key.created': 'Created an API key',
  'api-key.revoked': 'Revoked an API key',
  'api-key.rotated': 'Rotated an API key',
  'integration.created': 'Connected',
  'integration.replaced': 'Replaced the connection',
  'integration.updated': 'Changed the settings',
  'integration.deleted': 'Disconnected',
  'integration.paused': 'Paused syncing',
  'integration.resumed': 'Resumed syncing',
  'integration.credentials-set': 'Entered new credentials',
  'integration.credentials-rotated': 'Credentials renewed by the connector',
  'integration.credentials-reencrypted': 'Credentials re-encrypted under a new key',
  'integration.connection-test-requested': 'Tested the connection',
  'integration.reconciliation-requested': 'Asked for a reconciliation',
  'integration.held-deletes-approved': 'Approved held deletes',
  'integration.held-deletes-rejected': 'Rejected held deletes',
  'dead-letter.replayed': 'Replayed a failed change',
  'dead-letter.discarded': 'Discarded a failed change',
  'sync.conflict-resolved': 'Resolved a conflict',
  'notification-webhook.registered': 'Set the notification webhook',
  'notification-webhook.removed': 'Removed the notification webhook',
};

/** The action in words; an action this console does not know yet is shown as recorded. */
export function auditAction(entry: AuditEntry): string {
  return ACTIONS[entry.action] ?? entry.action;
}

/** Who did it: an API key by its name, the platform, or a connector. */
export function auditActor(entry: AuditEntry, keys: readonly ApiKey[]): string {
  if (entry.actor === 'platform-admin') return 'Platform administrator';
  const connector = /^connector-([a-z][a-z0-9-]*)$/.exec(entry.actor);
  if (connector) return `${systemName(connector[1])} connector`;
  const key = keys.find((k) => k.id === entry.actor);
  return key ? `${key.name} (API key)` : entry.actor;
}

/** What it was done to, by name where the console knows it. */
export function auditTarget(entry: AuditEntry, keys: readonly ApiKey[]): string {
  if (entry.targetType === 'integration') return systemName(entry.targetId);
  if (entry.targetType === 'api-key') {
    const key = keys.find((k) => k.id === entry.targetId);
    return key ? `API key “${key.name}”` : 'API key';
  }
  if (entry.targetType === 'tenant') return 'This organisation';
  return entry.targetType;
}
