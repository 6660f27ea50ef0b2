import type { CatalogClient } from '../clients/catalog-client';
import type { CustomerFields, EntityKind, FieldsOf, ProductFields } from './oracle';

const PATHS: Record<EntityKind, string> = {
  customer: '/v1/customers',
  product: '/v1/products',
  invoice: '/v1/invoices',
};

/** The REST body of a customer or product (invoices: `invoiceBody`). */
export function catalogBody(kind: 'customer' | 'product', fields: FieldsOf<EntityKind>): object {
  if (kind === 'customer') {
    const c = fields as CustomerFields;
    return { name: c.name, email: c.email, phone: c.phone, metadata: { tier: c.tier } };
  }
  const p = fields as ProductFields;
  return {
    name: p.name,
    description: p.description,
    active: p.active,
    sku: p.sku,
    unitPrice: { amount: p.amount, currency: 'USD' },
  };
}

/** The workload's writes through the catalog REST API, each safe to retry. */
export class CatalogWriter {
  constructor(private readonly client: CatalogClient) {}

  /** POST with an Idempotency-Key, so a retry after a lost answer cannot create a second record. */
  async create(kind: EntityKind, key: string, body: object): Promise<string> {
    const answer = await this.client.expect<{ id: string }>([201, 200], 'POST', PATHS[kind], body, {
      'idempotency-key': `chaos-create-${key}`,
    });
    return answer.body.id;
  }

  /**
   * PATCH with If-Match. A 412 after a lost answer means the write may already be in: the record
   * is read again and patched only if it does not hold the new content yet.
   */
  async update(kind: EntityKind, id: string, body: object): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const current = await this.client.expect<Record<string, unknown>>(
        [200],
        'GET',
        `${PATHS[kind]}/${id}`,
      );
      if (holds(current.body, body)) return;
      const answer = await this.client.request('PATCH', `${PATHS[kind]}/${id}`, body, {
        'if-match': current.etag ?? '',
      });
      if (answer.status === 200) return;
      if (answer.status !== 412) {
        throw new Error(`catalog PATCH ${kind} ${id} answered ${answer.status}`);
      }
    }
    throw new Error(`catalog PATCH ${kind} ${id}: still 412 after 10 attempts`);
  }

  /** The record's entity tag now, for a conditional write made later (`updateIfUnchanged`). */
  async etag(kind: EntityKind, id: string): Promise<string> {
    const current = await this.client.expect([200], 'GET', `${PATHS[kind]}/${id}`);
    return current.etag ?? '';
  }

  /**
   * One PATCH made on an earlier read (`etag`), as a client that does not read again: true when it
   * went in (also when a 412 follows a lost answer and the record holds it), false when the
   * catalog refused it because the record changed since that read.
   */
  async updateIfUnchanged(
    kind: EntityKind,
    id: string,
    body: object,
    etag: string,
  ): Promise<boolean> {
    const answer = await this.client.request('PATCH', `${PATHS[kind]}/${id}`, body, {
      'if-match': etag,
    });
    if (answer.status === 200) return true;
    if (answer.status !== 412) {
      throw new Error(`catalog PATCH ${kind} ${id} answered ${answer.status}`);
    }
    const current = await this.client.expect<Record<string, unknown>>(
      [200],
      'GET',
      `${PATHS[kind]}/${id}`,
    );
    return holds(current.body, body);
  }

  /** Soft delete; a 404 on a retry means the first attempt went through. */
  async delete(kind: EntityKind, id: string): Promise<void> {
    await this.client.expect([200, 204, 404], 'DELETE', `${PATHS[kind]}/${id}`);
  }
}

function holds(record: Record<string, unknown>, body: object): boolean {
  return Object.entries(body).every(
    ([field, value]) => JSON.stringify(record[field]) === JSON.stringify(value),
  );
}
