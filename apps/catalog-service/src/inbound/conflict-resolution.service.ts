import {
  ConflictError,
  NotFoundError,
  NotFoundErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';
import { type ContentByEntityType, contentOf, type EntityType, type Origin } from '@concord/model';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { RecordWriters } from '../records/record-writers';
import { SyncStateRepository } from '../sync/sync-state.repository';
import type { ConflictChoice } from './conflict-resolution.dto';

/** A delete conflict is recorded on this pseudo-field (see DeleteConflicts). */
export const DELETED_FIELD = 'deleted';

const FIELD_CHOICES: readonly ConflictChoice[] = ['keep-catalog', 'take-external'];
const DELETE_CHOICES: readonly ConflictChoice[] = ['delete', 'restore'];

interface ConflictRow {
  id: string;
  entity_type: EntityType;
  entity_id: string;
  system: string;
  field: string;
  external_value: unknown;
  resolved_choice: string | null;
}

export interface ResolvedConflict {
  id: string;
  choice: ConflictChoice;
  entityType: EntityType;
  entityId: string;
  system: string;
  field: string;
  /** The record's version after the decision (null when nothing had to change). */
  entityVersion: number | null;
  /** Whether the catalog record is deleted now. */
  deleted: boolean;
}

/**
 * An operator resolves one recorded conflict by hand, in one transaction with its audit entry:
 * - keep-catalog: a new version of the record (same content) is published with the resync header
 *   for the conflict's system, so that connector writes the catalog's value there;
 * - take-external: the external value recorded with the conflict becomes the catalog's (published
 *   with the system as origin: the system holds it already, every other system gets it);
 * - delete / restore (a delete conflict): the catalog record is deleted as the system's was, or
 *   lives on (undeleted if the policy had deleted it) and is written to the system again.
 * The record's sync state for the system turns `pending` until the connector reports.
 */
@Injectable()
export class ConflictResolutionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: RecordWriters,
    private readonly syncStates: SyncStateRepository,
    private readonly audit: AuditService,
  ) {}

  async resolve(
    actor: string,
    tenantId: string,
    conflictId: string,
    choice: ConflictChoice,
  ): Promise<ResolvedConflict> {
    return this.dataSource.transaction(async (manager) => {
      const conflict = await this.lockConflict(manager, tenantId, conflictId);
      const allowed = conflict.field === DELETED_FIELD ? DELETE_CHOICES : FIELD_CHOICES;
      if (!allowed.includes(choice)) {
        throw new ValidationError(
          ValidationErrorCode.INVALID_INPUT,
          `choice must be ${allowed.join(' or ')} for a conflict on ${conflict.field}`,
          [{ field: 'choice', message: `must be one of: ${allowed.join(', ')}` }],
        );
      }
      const result = await this.apply(manager, tenantId, conflict, choice);
      await manager.query(
        `UPDATE sync_conflicts SET resolved_choice = $2, resolved_by = $3, resolved_at = now()
         WHERE id = $1`,
        [conflict.id, choice, actor],
      );
      if (result.entityVersion !== null) {
        await this.syncStates.save(manager, {
          tenantId,
          entityType: conflict.entity_type,
          entityId: conflict.entity_id,
          system: conflict.system,
          state: 'pending',
          lastError: null,
          lastEventId: null,
          entityVersion: result.entityVersion,
        });
      }
      await this.audit.record(manager, {
        tenantId,
        actor,
        action: 'sync.conflict-resolved',
        targetType: conflict.entity_type,
        targetId: conflict.entity_id,
        details: {
          conflictId: conflict.id,
          system: conflict.system,
          field: conflict.field,
          choice,
        },
      });
      return {
        id: conflict.id,
        choice,
        entityType: conflict.entity_type,
        entityId: conflict.entity_id,
        system: conflict.system,
        field: conflict.field,
        ...result,
      };
    });
  }

  private async apply(
    manager: EntityManager,
    tenantId: string,
    conflict: ConflictRow,
    choice: ConflictChoice,
  ): Promise<{ entityVersion: number | null; deleted: boolean }> {
    const { entity_type: entityType, entity_id: entityId, system } = conflict;
    const record = await this.store.lock(manager, entityType, tenantId, entityId);
    if (!record) {
      throw new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, `No ${entityType} ${entityId}`);
    }
    const deleted = record.deletedAt !== null;
    if (choice === 'delete') {
      if (deleted) return { entityVersion: null, deleted: true };
      // The system deleted it already: its connector takes this as its own change.
      const gone = await this.store.softDelete(
        manager,
        entityType,
        tenantId,
        entityId,
        system as Origin,
      );
      return { entityVersion: gone.version, deleted: true };
    }
    if (choice === 'restore' || choice === 'keep-catalog') {
      const fields =
        choice === 'restore' ? Object.keys(contentOf(entityType, record)) : [conflict.field];
      const kept = await this.store.resync(manager, entityType, tenantId, entityId, fields, system);
      return { entityVersion: kept.version, deleted: false };
    }
    if (deleted) {
      throw new ConflictError(
        'RECORD_DELETED',
        `The ${entityType} was deleted since the conflict: there is no value to replace`,
      );
    }
    const content = {
      ...contentOf(entityType, record),
      [conflict.field]: conflict.external_value,
    } as ContentByEntityType[typeof entityType];
    const stored = await this.store.update(
      manager,
      entityType,
      tenantId,
      entityId,
      content,
      system,
    );
    return { entityVersion: stored.record.version, deleted: false };
  }

  private async lockConflict(
    manager: EntityManager,
    tenantId: string,
    conflictId: string,
  ): Promise<ConflictRow> {
    const rows: ConflictRow[] = await manager.query(
      `SELECT id, entity_type, entity_id, system, field, external_value, resolved_choice
       FROM sync_conflicts WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, conflictId],
    );
    const conflict = rows[0];
    if (!conflict) {
      throw new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, `No conflict ${conflictId}`);
    }
    if (conflict.resolved_choice !== null) {
      throw new ConflictError(
        'CONFLICT_ALREADY_RESOLVED',
        `This conflict was resolved already (${conflict.resolved_choice})`,
      );
    }
    return conflict;
  }
}
