import type { ConnectorStateStore, StateScope } from '../state/connector-state-store';
import type { ConnectionRegistry } from './connection-registry';
import type { ConnectionAttention } from './connection-state';

const ATTENTION_CURSOR = 'attention';
/** The longest reason kept (a provider's message can be long). */
const MAX_REASON_LENGTH = 1000;

/**
 * The flag as the state topic keeps it: `{"kind","reason"}`. A plain string is a flag written
 * before flags had a kind, all of them refused credentials; '' is no flag.
 */
export function decodeAttention(cursor: string | null): ConnectionAttention | null {
  if (cursor === null || cursor === '') return null;
  if (cursor.startsWith('{')) {
    try {
      const parsed = JSON.parse(cursor) as Partial<ConnectionAttention>;
      if (
        (parsed.kind === 'credentials' || parsed.kind === 'allowance') &&
        typeof parsed.reason === 'string'
      ) {
        return { kind: parsed.kind, reason: parsed.reason };
      }
    } catch {
      // Not one of ours: read as the reason itself, below.
    }
  }
  return { kind: 'credentials', reason: cursor };
}

function encodeAttention(attention: ConnectionAttention): string {
  return JSON.stringify({
    kind: attention.kind,
    reason: attention.reason.slice(0, MAX_REASON_LENGTH),
  });
}

/**
 * The "needs attention" flag of a connection (its credentials were refused, or its daily
 * allowance is used up), kept in the state topic so every replica pauses the connection and
 * resumes it together. Cleared when a probe succeeds again or the operator saves new credentials.
 */
export class AttentionFlags {
  constructor(private readonly state: ConnectorStateStore) {}

  /** Mirrors the flags into the registry as they are read or written. */
  connect<TClient>(registry: ConnectionRegistry<TClient>): void {
    this.state.onCursorChange((scope, name, cursor) => {
      if (name !== ATTENTION_CURSOR) return;
      registry.setAttention(scope.tenant, scope.connectionId, decodeAttention(cursor));
    });
    registry.onChange((entry, previous) => {
      if (
        entry &&
        previous &&
        entry.settings.credentials !== previous.settings.credentials &&
        entry.attention
      ) {
        void this.clear({
          tenant: entry.settings.tenant,
          connectionId: entry.settings.connectionId,
        }).catch(() => undefined);
      }
    });
  }

  async flag(scope: StateScope, attention: ConnectionAttention): Promise<void> {
    const encoded = encodeAttention(attention);
    if (this.state.cursor(scope, ATTENTION_CURSOR) === encoded) return;
    await this.state.saveCursor(scope, ATTENTION_CURSOR, encoded);
  }

  async clear(scope: StateScope): Promise<void> {
    const current = this.state.cursor(scope, ATTENTION_CURSOR);
    if (current === null || current === '') return;
    await this.state.saveCursor(scope, ATTENTION_CURSOR, '');
  }
}
