import { randomUUID } from 'node:crypto';

import { decryptSecret, encryptSecret, KeyRing } from '@concord/auth';
import {
  NotFoundError,
  NotFoundErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';
import { EntityTypes } from '@concord/model';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { BackfillJobsRepository } from './backfill/backfill-jobs.repository';
import { ConnectionPublisher } from './connection-publisher.service';
import {
  connectionSecretContext,
  type IntegrationView,
  toIntegrationView,
} from './connection-settings.mapper';
import type { CredentialsDto, IntegrationSettingsDto } from './integration.dto';
import {
  type IntegrationConnection,
  IntegrationConnectionRepository,
} from './integration-connection.repository';
import { IntegrationUrlValidator } from './integration-url-validator';
import { SECRETS_KEY_RING } from './secrets-key-ring';

export interface ConnectionChange {
  actor: string;
  action: string;
  details?: Record<string, unknown>;
}

export function integrationNotFound(system: string): NotFoundError {
  return new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, `No ${system} integration`, {
    details: { system },
  });
}

const SETTING_FIELDS = [
  'enabled',
  'direction',
  'entityTypes',
  'fieldMappings',
  'matchingKeys',
  'conflictPolicy',
  'settings',
] as const;

/**
 * A tenant's connections to external systems. Every change bumps the version, is audited (never
 * with secrets) and is published on integration.connections.v1 through the outbox, all in one
 * transaction; enabling a connection starts its outbound backfill.
 */
@Injectable()
export class IntegrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SECRETS_KEY_RING) private readonly keyRing: KeyRing,
    private readonly connections: IntegrationConnectionRepository,
    private readonly publisher: ConnectionPublisher,
    private readonly backfills: BackfillJobsRepository,
    private readonly audit: AuditService,
    private readonly urls: IntegrationUrlValidator,
  ) {}

  async list(tenantId: string): Promise<IntegrationView[]> {
    return (await this.connections.list(this.dataSource.manager, tenantId)).map(toIntegrationView);
  }

  async get(tenantId: string, system: string): Promise<IntegrationView> {
    const connection = await this.connections.find(this.dataSource.manager, tenantId, system);
    if (!connection) throw integrationNotFound(system);
    return toIntegrationView(connection);
  }

  /** Creates the connection or replaces its settings (credentials are kept). */
  async put(
    actor: string,
    tenantId: string,
    system: string,
    dto: IntegrationSettingsDto,
  ): Promise<{ view: IntegrationView; created: boolean }> {
    this.urls.assertAllowed(system, 'settings', dto.settings);
    return this.dataSource.transaction(async (manager) => {
      const before = await this.connections.find(manager, tenantId, system, { lock: true });
      const now = new Date();
      const next: IntegrationConnection = {
        id: before?.id ?? randomUUID(),
        tenantId,
        system,
        paused: before?.paused ?? false,
        pausedReason: before?.pausedReason ?? null,
        credentialsEncrypted: before?.credentialsEncrypted ?? null,
        credentialsUpdatedAt: before?.credentialsUpdatedAt ?? null,
        version: before?.version ?? 0,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
        enabled: dto.enabled ?? false,
        direction: dto.direction ?? 'both',
        entityTypes: dto.entityTypes ?? [...EntityTypes],
        fieldMappings: dto.fieldMappings ?? [],
        matchingKeys: dto.matchingKeys ?? {},
        conflictPolicy: {
          default: dto.conflictPolicy?.default ?? 'last-writer-wins',
          fieldOwners: dto.conflictPolicy?.fieldOwners ?? [],
        },
        settings: dto.settings ?? {},
      };
      const action = before ? 'integration.replaced' : 'integration.created';
      const saved = await this.commit(manager, before, next, { actor, action });
      return { view: toIntegrationView(saved), created: before === null };
    });
  }

  async patch(
    actor: string,
    tenantId: string,
    system: string,
    dto: IntegrationSettingsDto,
  ): Promise<IntegrationView> {
    this.urls.assertAllowed(system, 'settings', dto.settings);
    return this.change(tenantId, system, { actor, action: 'integration.updated' }, (current) => ({
      ...current,
      enabled: dto.enabled ?? current.enabled,
      direction: dto.direction ?? current.direction,
      entityTypes: dto.entityTypes ?? current.entityTypes,
      fieldMappings: dto.fieldMappings ?? current.fieldMappings,
      matchingKeys: dto.matchingKeys ?? current.matchingKeys,
      conflictPolicy: dto.conflictPolicy
        ? { default: dto.conflictPolicy.default, fieldOwners: dto.conflictPolicy.fieldOwners ?? [] }
        : current.conflictPolicy,
      // Settings merge key by key (PUT replaces them all).
      settings: { ...current.settings, ...dto.settings },
    }));
  }

  async remove(actor: string, tenantId: string, system: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const connection = await this.connections.find(manager, tenantId, system, { lock: true });
      if (!connection) throw integrationNotFound(system);
      await this.connections.delete(manager, connection.id);
      await this.backfills.cancel(manager, tenantId, system);
      await manager.query('DELETE FROM connector_statuses WHERE tenant_id = $1 AND system = $2', [
        tenantId,
        system,
      ]);
      await this.publisher.deleted(manager, tenantId, system);
      await this.audit.record(manager, {
        tenantId,
        actor,
        action: 'integration.deleted',
        targetType: 'integration',
        targetId: system,
        details: { connectionId: connection.id, version: connection.version },
      });
    });
  }

  /**
   * Whether the stored credentials open under this deployment's key ring (false when none are
   * stored, or when they were encrypted under a key the ring no longer holds).
   */
  async credentialsReadable(tenantId: string, system: string): Promise<boolean> {
    const connection = await this.connections.find(this.dataSource.manager, tenantId, system);
    const stored = connection?.credentialsEncrypted ?? null;
    if (stored === null) return false;
    try {
      decryptSecret(this.keyRing, stored, connectionSecretContext(tenantId, system));
      return true;
    } catch {
      return false;
    }
  }

  /** Stores provider credentials encrypted under the active key (AAD `tenant:system`). */
  async setCredentials(
    actor: string,
    tenantId: string,
    system: string,
    dto: CredentialsDto,
  ): Promise<IntegrationView> {
    const fields = Object.entries(dto).filter(([, value]) => typeof value === 'string');
    if (fields.length === 0) {
      throw new ValidationError(ValidationErrorCode.INVALID_INPUT, 'No credentials given', [
        { field: '(root)', message: 'must contain at least one credential field' },
      ]);
    }
    this.urls.assertAllowed(system, 'credentials', Object.fromEntries(fields));
    const encrypted = encryptSecret(
      this.keyRing,
      JSON.stringify(Object.fromEntries(fields)),
      connectionSecretContext(tenantId, system),
    );
    const change = {
      actor,
      action: 'integration.credentials-set',
      details: { fields: fields.map(([name]) => name).sort(), keyId: this.keyRing.activeKeyId },
    };
    return this.change(tenantId, system, change, (current) => ({
      ...current,
      credentialsEncrypted: encrypted,
      credentialsUpdatedAt: new Date(),
    }));
  }

  async pause(
    actor: string,
    tenantId: string,
    system: string,
    reason?: string,
  ): Promise<IntegrationView> {
    const pausedReason = reason ?? 'Paused by an operator';
    return this.change(
      tenantId,
      system,
      { actor, action: 'integration.paused', details: { reason: pausedReason } },
      (current) => ({
        ...current,
        paused: true,
        pausedReason,
      }),
    );
  }

  async resume(actor: string, tenantId: string, system: string): Promise<IntegrationView> {
    return this.change(tenantId, system, { actor, action: 'integration.resumed' }, (current) => ({
      ...current,
      paused: false,
      pausedReason: null,
    }));
  }

  /**
   * Asks the connector for a reconciliation: a new `requestedReconciliation` marker in the
   * settings (timestamp/id). The connector sees the changed marker on the connections topic,
   * reconciles, and remembers the marker it served.
   */
  async requestReconciliation(
    actor: string,
    tenantId: string,
    system: string,
  ): Promise<{ requestedReconciliation: string; integration: IntegrationView }> {
    const marker = `${new Date().toISOString()}/${randomUUID()}`;
    const integration = await this.change(
      tenantId,
      system,
      { actor, action: 'integration.reconciliation-requested', details: { marker } },
      (current) => ({
        ...current,
        settings: { ...current.settings, requestedReconciliation: marker },
      }),
    );
    return { requestedReconciliation: marker, integration };
  }

  /** Applies `mutate` to the locked connection and commits it (for other features' transactions). */
  async changeIn(
    manager: EntityManager,
    tenantId: string,
    system: string,
    change: ConnectionChange,
    mutate: (current: IntegrationConnection) => IntegrationConnection,
  ): Promise<IntegrationConnection> {
    const before = await this.connections.find(manager, tenantId, system, { lock: true });
    if (!before) throw integrationNotFound(system);
    return this.commit(manager, before, mutate({ ...before }), change);
  }

  private async change(
    tenantId: string,
    system: string,
    change: ConnectionChange,
    mutate: (current: IntegrationConnection) => IntegrationConnection,
  ): Promise<IntegrationView> {
    const saved = await this.dataSource.transaction((manager) =>
      this.changeIn(manager, tenantId, system, change, mutate),
    );
    return toIntegrationView(saved);
  }

  private async commit(
    manager: EntityManager,
    before: IntegrationConnection | null,
    next: IntegrationConnection,
    change: ConnectionChange,
  ): Promise<IntegrationConnection> {
    const saved: IntegrationConnection = {
      ...next,
      version: (before?.version ?? 0) + 1,
      updatedAt: new Date(),
    };
    if (before) await this.connections.update(manager, saved);
    else await this.connections.insert(manager, saved);
    await this.publisher.published(manager, saved);
    const changed = before
      ? SETTING_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(saved[f]))
      : [...SETTING_FIELDS];
    await this.audit.record(manager, {
      tenantId: saved.tenantId,
      actor: change.actor,
      action: change.action,
      targetType: 'integration',
      targetId: saved.system,
      details: { connectionId: saved.id, version: saved.version, changed, ...change.details },
    });
    const enabledNow = saved.enabled && !(before?.enabled ?? false);
    if (enabledNow && saved.direction !== 'inbound') {
      await this.backfills.schedule(manager, saved.tenantId, saved.system, saved.entityTypes);
    }
    return saved;
  }
}
