import { randomUUID } from 'node:crypto';

import { hashApiKey, parseApiKey } from '@concord/auth';
import type { DataSource, EntityManager } from 'typeorm';

import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuditService } from '../audit/audit.service';
import { CustomerEntity } from '../customers/customer.entity';
import { CustomersService } from '../customers/customers.service';
import { IntegrationsService } from '../integrations/integrations.service';
import { InvoiceEntity } from '../invoices/invoice.entity';
import { InvoicesService } from '../invoices/invoices.service';
import { ProductEntity } from '../products/product.entity';
import { ProductsService } from '../products/products.service';
import { TenantEntity } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import {
  DEMO_CONNECTION,
  DEMO_CUSTOMERS,
  DEMO_INVOICES,
  DEMO_PRODUCTS,
  DEMO_TENANT,
  DEMO_XERO_CONNECTION,
} from './demo-data';

export const DEMO_SEED_ACTOR = 'demo-seed';

export interface DemoServices {
  dataSource: DataSource;
  tenants: TenantsService;
  apiKeys: ApiKeysService;
  audit: AuditService;
  customers: CustomersService;
  products: ProductsService;
  invoices: InvoicesService;
  integrations: IntegrationsService;
}

export interface DemoSeedResult {
  tenantCreated: boolean;
  /** The demo key when this run knows it (given, or issued now); null if issued by an earlier run. */
  apiKey: string | null;
  created: {
    customers: number;
    products: number;
    invoices: number;
    connection: boolean;
    /** The Xero connection (the simulator's demo organisation) was stored. */
    xeroConnection: boolean;
  };
}

/**
 * Seeds the demo tenant through the app's services, so every record commits with its catalog
 * event and the Stripe connection is published (and backfilled) like any other. Each piece is
 * looked up by a natural key first (tenant id, customer email, product sku, invoice number,
 * connection system, key id): running it again creates nothing twice.
 */
export class DemoSeeder {
  constructor(private readonly services: DemoServices) {}

  async seed(fixedApiKey: string | undefined): Promise<DemoSeedResult> {
    const { dataSource } = this.services;
    const tenantId = DEMO_TENANT.id;
    let apiKey: string | null = null;
    const exists = await dataSource.getRepository(TenantEntity).existsBy({ id: tenantId });
    if (!exists) {
      const created = await this.services.tenants.create(DEMO_TENANT);
      if (fixedApiKey === undefined) apiKey = created.apiKey.key;
      else await this.services.apiKeys.revoke(tenantId, created.apiKey.id, DEMO_SEED_ACTOR);
    }
    if (fixedApiKey !== undefined) {
      await this.ensureFixedKey(tenantId, fixedApiKey);
      apiKey = fixedApiKey;
    }
    const created = {
      customers: 0,
      products: 0,
      invoices: 0,
      connection: false,
      xeroConnection: false,
    };
    await dataSource.transaction(async (manager) => {
      for (const customer of DEMO_CUSTOMERS) {
        const found = await manager.existsBy(CustomerEntity, {
          tenantId,
          email: customer.email ?? '',
        });
        if (found) continue;
        await this.services.customers.create(manager, tenantId, customer);
        created.customers += 1;
      }
      for (const product of DEMO_PRODUCTS) {
        if (await manager.existsBy(ProductEntity, { tenantId, sku: product.sku ?? '' })) continue;
        await this.services.products.create(manager, tenantId, product);
        created.products += 1;
      }
      created.invoices = await this.seedInvoices(manager, tenantId);
    });
    created.connection = await this.seedConnection(tenantId);
    created.xeroConnection = await this.seedConnection(tenantId, DEMO_XERO_CONNECTION);
    return { tenantCreated: !exists, apiKey, created };
  }

  /** Stores the given key (scopes read, write, admin) unless its key id exists; true if stored. */
  private async ensureFixedKey(tenantId: string, key: string): Promise<boolean> {
    const { keyId } = parseApiKey(key);
    return this.services.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(ApiKeyEntity, { keyId })) return false;
      const id = randomUUID();
      await manager.insert(ApiKeyEntity, {
        id,
        tenantId,
        keyId,
        hash: await hashApiKey(key),
        name: 'demo key (CONCORD_DEMO_API_KEY)',
        scopes: ['admin', 'read', 'write'],
        createdAt: new Date(),
        lastUsedAt: null,
        revokedAt: null,
        rotatedFrom: null,
      });
      await this.services.audit.record(manager, {
        tenantId,
        actor: DEMO_SEED_ACTOR,
        action: 'api-key.created',
        targetType: 'api-key',
        targetId: id,
        details: { keyId, name: 'demo key', scopes: ['admin', 'read', 'write'] },
      });
      return true;
    });
  }

  private async seedInvoices(manager: EntityManager, tenantId: string): Promise<number> {
    let created = 0;
    for (const invoice of DEMO_INVOICES) {
      if (await manager.existsBy(InvoiceEntity, { tenantId, number: invoice.number })) continue;
      const customer = await manager.findOneByOrFail(CustomerEntity, {
        tenantId,
        email: invoice.customerEmail,
      });
      const lines = [];
      for (const line of invoice.lines) {
        const product =
          line.sku === null
            ? null
            : await manager.findOneByOrFail(ProductEntity, { tenantId, sku: line.sku });
        lines.push({
          productId: product?.id ?? null,
          description: line.description,
          quantity: line.quantity,
          unitAmount: line.unitAmount,
        });
      }
      await this.services.invoices.create(manager, tenantId, {
        customerId: customer.id,
        number: invoice.number,
        status: invoice.status,
        currency: invoice.currency,
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        lines,
      });
      created += 1;
    }
    return created;
  }

  private async seedConnection(
    tenantId: string,
    demo: typeof DEMO_CONNECTION | typeof DEMO_XERO_CONNECTION = DEMO_CONNECTION,
  ): Promise<boolean> {
    const { integrations } = this.services;
    const existing = await integrations.list(tenantId);
    if (existing.some((connection) => connection.system === demo.system)) {
      // A checkout whose local key ring was made anew (.cache/ deleted) cannot open the demo
      // credentials it stored before: the demo fixtures are stored again under this ring.
      if (!(await integrations.credentialsReadable(tenantId, demo.system))) {
        await integrations.setCredentials(DEMO_SEED_ACTOR, tenantId, demo.system, demo.credentials);
      }
      return false;
    }
    await this.services.integrations.put(DEMO_SEED_ACTOR, tenantId, demo.system, demo.settings);
    await this.services.integrations.setCredentials(
      DEMO_SEED_ACTOR,
      tenantId,
      demo.system,
      demo.credentials,
    );
    return true;
  }
}
