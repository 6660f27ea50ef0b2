import type { ConnectorStateStore, StateScope } from '../state/connector-state-store';
import type { ConnectionRegistry } from './connection-registry';

const ATTENTION_CURSOR = 'attention';

/**
 * The "needs attention" flag of a connection (its credentials were refused), kept in the state
 * topic so every replica pauses the connection and resumes it together. Cleared when a probe
 * succeeds again or the operator saves new credentials.
 */
export class AttentionFlags {
  constructor(private readonly state: ConnectorStateStore) {}

  /** Mirrors the flags into the registry as they are read or written. */
  connect<TClient>(registry: ConnectionRegistry<TClient>): void {
    this.state.onCursorChange((scope, name, cursor) => {
      if (name !== ATTENTION_CURSOR) return;
      registry.setAttention(
        scope.tenant,
        scope.connectionId,
        cursor === null || cursor === '' ? null : cursor,
      );
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

  async flag(scope: StateScope, reason: string): Promise<void> {
    if (this.state.cursor(scope, ATTENTION_CURSOR) === reason) return;
    await this.state.saveCursor(scope, ATTENTION_CURSOR, reason.slice(0, 1000));
  }

  async clear(scope: StateScope): Promise<void> {
    const current = this.state.cursor(scope, ATTENTION_CURSOR);
    if (current === null || current === '') return;
    await this.state.saveCursor(scope, ATTENTION_CURSOR, '');
  }
}
