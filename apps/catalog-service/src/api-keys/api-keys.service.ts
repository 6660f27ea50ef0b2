import { randomUUID } from 'node:crypto';

import { generateApiKey } from '@concord/auth';
import { NotFoundError, NotFoundErrorCode } from '@concord/errors';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import type { ApiKeyView, IssuedApiKeyView } from './api-key.dto';
import { ApiKeyEntity, type ApiKeyScope } from './api-key.entity';

export const API_KEY_PREFIX = 'ck_live';

export function apiKeyView(entity: ApiKeyEntity): ApiKeyView {
  return {
    id: entity.id,
    keyId: entity.keyId,
    name: entity.name,
    scopes: entity.scopes,
    createdAt: entity.createdAt.toISOString(),
    lastUsedAt: entity.lastUsedAt?.toISOString() ?? null,
    revokedAt: entity.revokedAt?.toISOString() ?? null,
    rotatedFrom: entity.rotatedFrom,
  };
}

function keyNotFound(): NotFoundError {
  return new NotFoundError(NotFoundErrorCode.RECORD_NOT_FOUND, 'API key not found');
}

interface IssueRequest {
  tenantId: string;
  name: string;
  scopes: ApiKeyScope[];
  actor: string;
  rotatedFrom?: string;
}

/** A tenant's API keys. Only hashes are stored; a key is shown once, when it is issued. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Issues a key inside the caller's transaction (tenant creation issues the first one). */
  async issue(manager: EntityManager, request: IssueRequest): Promise<IssuedApiKeyView> {
    const generated = await generateApiKey(API_KEY_PREFIX);
    const entity = manager.create(ApiKeyEntity, {
      id: randomUUID(),
      tenantId: request.tenantId,
      keyId: generated.keyId,
      hash: generated.hash,
      name: request.name,
      scopes: [...request.scopes].sort(),
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
      rotatedFrom: request.rotatedFrom ?? null,
    });
    await manager.insert(ApiKeyEntity, entity);
    await this.audit.record(manager, {
      tenantId: request.tenantId,
      actor: request.actor,
      action: request.rotatedFrom ? 'api-key.rotated' : 'api-key.created',
      targetType: 'api-key',
      targetId: entity.id,
      details: {
        keyId: entity.keyId,
        name: entity.name,
        scopes: entity.scopes,
        ...(request.rotatedFrom ? { rotatedFrom: request.rotatedFrom } : {}),
      },
    });
    return { ...apiKeyView(entity), key: generated.key };
  }

  create(request: IssueRequest): Promise<IssuedApiKeyView> {
    return this.dataSource.transaction((manager) => this.issue(manager, request));
  }

  async list(tenantId: string): Promise<ApiKeyView[]> {
    const keys = await this.dataSource
      .getRepository(ApiKeyEntity)
      .find({ where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return keys.map(apiKeyView);
  }

  async revoke(tenantId: string, id: string, actor: string): Promise<ApiKeyView> {
    return this.dataSource.transaction(async (manager) => {
      const key = await this.lockedKey(manager, tenantId, id);
      const now = new Date();
      if (key.revokedAt !== null && key.revokedAt <= now) return apiKeyView(key);
      key.revokedAt = now;
      await manager.update(ApiKeyEntity, { id }, { revokedAt: now });
      await this.audit.record(manager, {
        tenantId,
        actor,
        action: 'api-key.revoked',
        targetType: 'api-key',
        targetId: id,
        details: { keyId: key.keyId, name: key.name },
      });
      return apiKeyView(key);
    });
  }

  /** A new key with the same name and scopes; the old one stops working after the grace period. */
  async rotate(
    tenantId: string,
    id: string,
    graceSeconds: number,
    actor: string,
  ): Promise<IssuedApiKeyView> {
    return this.dataSource.transaction(async (manager) => {
      const old = await this.lockedKey(manager, tenantId, id);
      const now = new Date();
      if (old.revokedAt !== null && old.revokedAt <= now) throw keyNotFound();
      const revokedAt = new Date(now.getTime() + graceSeconds * 1000);
      await manager.update(ApiKeyEntity, { id }, { revokedAt });
      return this.issue(manager, {
        tenantId,
        name: old.name,
        scopes: old.scopes,
        actor,
        rotatedFrom: old.id,
      });
    });
  }

  private async lockedKey(
    manager: EntityManager,
    tenantId: string,
    id: string,
  ): Promise<ApiKeyEntity> {
    const key = await manager.findOne(ApiKeyEntity, {
      where: { tenantId, id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!key) throw keyNotFound();
    return key;
  }
}
