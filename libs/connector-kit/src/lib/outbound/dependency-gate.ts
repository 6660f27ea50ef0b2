import { RetryableError } from '@concord/errors';
import type { ContentByEntityType, EntityType } from '@concord/model';

import type { ConnectorDefinition } from '../definition/connector-definition';
import type { ExternalCallContext } from '../definition/outbound-adapter';
import type { EntityRef } from '../definition/resolved-connection';
import { ConnectorKitErrorCode } from '../errors/connector-kit-error-codes';
import type { ConnectorStateStore } from '../state/connector-state-store';
import { UNKNOWN_VERSION_TIME } from './outbound-decisions';

/**
 * Orders dependent writes: a record whose dependencies (an invoice's customer and products) are
 * not linked in the target system yet is not written; it is retried later (DEPENDENCY_NOT_READY)
 * until they are. A dependency created by someone else is looked up by its Concord id first.
 */
export class DependencyGate<TClient> {
  constructor(
    private readonly definition: Pick<ConnectorDefinition<TClient>, 'mappers' | 'outbound'>,
    private readonly state: ConnectorStateStore,
  ) {}

  dependenciesOf<E extends EntityType>(
    entityType: E,
    content: ContentByEntityType[E],
  ): EntityRef[] {
    return this.definition.mappers[entityType].dependencies?.(content) ?? [];
  }

  async ensureLinked<E extends EntityType>(
    entityType: E,
    content: ContentByEntityType[E],
    ctx: ExternalCallContext<TClient>,
  ): Promise<void> {
    const missing: EntityRef[] = [];
    for (const dependency of this.dependenciesOf(entityType, content)) {
      if (ctx.links.externalId(dependency.entityType, dependency.entityId) !== null) continue;
      const found = await this.definition.outbound.findByConcordId?.(
        dependency.entityType,
        dependency.entityId,
        ctx,
      );
      if (found) {
        const scope = { tenant: ctx.connection.tenant, connectionId: ctx.connection.connectionId };
        await this.state.saveLink(scope, dependency.entityType, dependency.entityId, {
          externalId: found,
          parts: {},
          contentHash: null,
          updatedAt: UNKNOWN_VERSION_TIME,
        });
      } else {
        missing.push(dependency);
      }
    }
    if (missing.length > 0) {
      const names = missing.map((ref) => `${ref.entityType} ${ref.entityId}`).join(', ');
      throw new RetryableError(
        ConnectorKitErrorCode.DEPENDENCY_NOT_READY,
        `Waiting for ${names} to be linked in ${ctx.connection.system}`,
        { details: { missing } },
      );
    }
  }
}
