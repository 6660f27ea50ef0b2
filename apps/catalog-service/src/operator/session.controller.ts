import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import type { ApiKeyScope } from '../api-keys/api-key.entity';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';

/** Who a tenant API key is: the console signs in with it and shows only what its scopes allow. */
export interface SessionView {
  tenantId: string;
  tenantName: string;
  apiKeyId: string;
  keyName: string;
  scopes: readonly ApiKeyScope[];
}

@ApiTags('session')
@ApiBearerAuth()
@Controller('v1/session')
export class SessionController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Any valid tenant key (read scope) may ask who it is. */
  @Get()
  async whoAmI(@CurrentPrincipal() principal: ApiKeyPrincipal): Promise<SessionView> {
    const rows: Array<{ tenant_name: string; key_name: string }> = await this.dataSource.query(
      `SELECT t.name AS tenant_name, k.name AS key_name
       FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
       WHERE k.id = $1 AND k.tenant_id = $2`,
      [principal.apiKeyId, principal.tenantId],
    );
    return {
      tenantId: principal.tenantId,
      tenantName: rows[0]?.tenant_name ?? principal.tenantId,
      apiKeyId: principal.apiKeyId,
      keyName: rows[0]?.key_name ?? '',
      scopes: principal.scopes,
    };
  }
}
