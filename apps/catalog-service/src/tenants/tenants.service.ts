import { ConflictError, ConflictErrorCode } from '@concord/errors';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuditService } from '../audit/audit.service';
import { PLATFORM_ADMIN_ACTOR } from '../auth/principal';
import type { CreatedTenantView, CreateTenantDto, TenantView } from './tenant.dto';
import { TenantEntity } from './tenant.entity';

function tenantView(entity: TenantEntity): TenantView {
  return {
    id: entity.id,
    name: entity.name,
    settings: entity.settings,
    createdAt: entity.createdAt.toISOString(),
  };
}

/** Tenants are created by the platform operator, each with a first admin key. */
@Injectable()
export class TenantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateTenantDto): Promise<CreatedTenantView> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO tenants (id, name, settings, created_at) VALUES ($1, $2, '{}', now())
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [dto.id, dto.name],
      );
      if (inserted.length === 0) {
        throw new ConflictError(
          ConflictErrorCode.ALREADY_EXISTS,
          `Tenant "${dto.id}" already exists`,
          { details: { field: 'id' } },
        );
      }
      const tenant = await manager.findOneByOrFail(TenantEntity, { id: dto.id });
      await this.audit.record(manager, {
        tenantId: tenant.id,
        actor: PLATFORM_ADMIN_ACTOR,
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: tenant.id,
        details: { name: tenant.name },
      });
      const apiKey = await this.apiKeys.issue(manager, {
        tenantId: tenant.id,
        name: 'initial admin key',
        scopes: ['read', 'write', 'admin'],
        actor: PLATFORM_ADMIN_ACTOR,
      });
      return { tenant: tenantView(tenant), apiKey };
    });
  }

  async list(): Promise<TenantView[]> {
    const tenants = await this.dataSource
      .getRepository(TenantEntity)
      .find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return tenants.map(tenantView);
  }
}
