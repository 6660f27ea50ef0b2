import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { CustomerEntity } from '../customers/customer.entity';
import { IdempotencyKeyEntity } from '../idempotency/idempotency-key.entity';
import { InvoiceEntity } from '../invoices/invoice.entity';
import { InvoiceLineEntity } from '../invoices/invoice-line.entity';
import { OutboxRecordEntity } from '../outbox/outbox-record.entity';
import { ProductEntity } from '../products/product.entity';
import { TenantEntity } from '../tenants/tenant.entity';

/** Every entity of the catalog store. The schema itself comes from migrations only. */
export const catalogEntities = [
  TenantEntity,
  ApiKeyEntity,
  AuditEntryEntity,
  CustomerEntity,
  ProductEntity,
  InvoiceEntity,
  InvoiceLineEntity,
  OutboxRecordEntity,
  IdempotencyKeyEntity,
];
