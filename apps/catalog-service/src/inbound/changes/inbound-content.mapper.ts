import { randomUUID } from 'node:crypto';

import {
  RetryableError,
  RetryableErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';
import {
  canonicalJson,
  type ContentByEntityType,
  ContentSchemas,
  type EntityType,
  type InboundContentByEntityType,
  type InboundInvoiceContent,
  type Invoice,
  type InvoiceLine,
  invoiceTotals,
  type RecordByEntityType,
  validate,
} from '@concord/model';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { LinkKey } from '../identity-map/identity-link';
import { IdentityLinkRepository } from '../identity-map/identity-link.repository';

/** Fields the inbound content may leave out when it creates a record, and their values. */
const CREATE_DEFAULTS: { [E in EntityType]: Record<string, unknown> } = {
  customer: { email: null, phone: null, address: null, currency: null, metadata: {} },
  product: { description: null, sku: null, active: true, unitPrice: null, metadata: {} },
  invoice: { dueDate: null, lines: [], metadata: {} },
};

const CREATE_REQUIRED: { [E in EntityType]: readonly string[] } = {
  customer: ['name'],
  product: ['name'],
  invoice: ['customerId', 'number', 'status', 'currency', 'issueDate'],
};

/** Fields derived from others: never compared or taken on their own. */
const DERIVED_FIELDS: { [E in EntityType]: readonly string[] } = {
  customer: [],
  product: [],
  invoice: ['subtotal', 'total'],
};

function dependencyNotReady(entityType: EntityType, externalId: string): RetryableError {
  return new RetryableError(
    RetryableErrorCode.DEPENDENCY_NOT_READY,
    `The ${entityType} with external id ${externalId} is not linked yet`,
    { details: { entityType, externalId } },
  );
}

function withoutLineIds(lines: unknown): unknown {
  return Array.isArray(lines)
    ? lines.map((line: InvoiceLine) => ({ ...line, id: undefined, amount: undefined }))
    : lines;
}

/**
 * Turns the content a connector reported (partial, with external references) into canonical
 * fields: an invoice's customer and products are resolved through the identity map, and an
 * invoice never arrives before its customer (the change is retried until the customer is linked).
 */
@Injectable()
export class InboundContentMapper {
  constructor(private readonly links: IdentityLinkRepository) {}

  async toCanonical<E extends EntityType>(
    manager: EntityManager,
    key: LinkKey & { entityType: E },
    content: InboundContentByEntityType[E],
    current: RecordByEntityType[E] | null,
  ): Promise<Record<string, unknown>> {
    const derived = new Set(DERIVED_FIELDS[key.entityType]);
    const reported = Object.fromEntries(
      Object.entries(content).filter(
        ([field, value]) => value !== undefined && !derived.has(field),
      ),
    );
    if (key.entityType !== 'invoice') return reported;
    const { customerExternalId, lines, ...fields } = reported as InboundInvoiceContent;
    const canonical: Record<string, unknown> = { ...fields };
    if (customerExternalId !== undefined) {
      const customers = await this.links.entityIdsOf(manager, { ...key, entityType: 'customer' }, [
        customerExternalId,
      ]);
      const customerId = customers.get(customerExternalId);
      if (customerId === undefined) throw dependencyNotReady('customer', customerExternalId);
      canonical.customerId = customerId;
    }
    if (lines !== undefined) {
      const productRefs = lines.flatMap((line) => line.productExternalId ?? []);
      const products = await this.links.entityIdsOf(
        manager,
        { ...key, entityType: 'product' },
        productRefs,
      );
      const missing = productRefs.find((ref) => !products.has(ref));
      if (missing !== undefined) throw dependencyNotReady('product', missing);
      const currentLines = (current as Invoice | null)?.lines ?? [];
      canonical.lines = invoiceTotals(
        lines.map((line, index) => ({
          id: currentLines[index]?.id ?? randomUUID(),
          productId:
            line.productExternalId === null ? null : (products.get(line.productExternalId) ?? null),
          description: line.description,
          quantity: line.quantity,
          unitAmount: line.unitAmount,
        })),
      ).lines;
    }
    return canonical;
  }

  /** Equality of one field's values; invoice lines compare without their Concord line ids. */
  sameValue(entityType: EntityType): (field: string, a: unknown, b: unknown) => boolean {
    return (field, a, b) => {
      const normalise =
        entityType === 'invoice' && field === 'lines' ? withoutLineIds : (v: unknown) => v;
      return canonicalJson(normalise(a) ?? null) === canonicalJson(normalise(b) ?? null);
    };
  }

  /** The full content of a record created from an inbound change (defaults for what is absent). */
  complete<E extends EntityType>(
    entityType: E,
    reported: Record<string, unknown>,
  ): ContentByEntityType[E] {
    const missing = CREATE_REQUIRED[entityType].filter((field) => reported[field] === undefined);
    if (missing.length > 0) {
      throw new ValidationError(
        ValidationErrorCode.INVALID_MESSAGE,
        `Cannot create a ${entityType} without ${missing.join(', ')}`,
        missing.map((field) => ({
          field: `data.content.${field === 'customerId' ? 'customerExternalId' : field}`,
          message: 'is required to create the record',
        })),
      );
    }
    return this.checked(entityType, { ...CREATE_DEFAULTS[entityType], ...reported });
  }

  /** The current content with the taken fields applied (invoice totals recomputed). */
  merge<E extends EntityType>(
    entityType: E,
    current: ContentByEntityType[E],
    taken: Record<string, unknown>,
  ): ContentByEntityType[E] {
    return this.checked(entityType, { ...current, ...taken });
  }

  private checked<E extends EntityType>(
    entityType: E,
    content: Record<string, unknown>,
  ): ContentByEntityType[E] {
    if (entityType === 'invoice') {
      const totals = invoiceTotals((content.lines ?? []) as InvoiceLine[]);
      Object.assign(content, totals);
    }
    const result = validate(ContentSchemas[entityType], content);
    if (!result.ok) {
      const fields = result.errors.map((issue) => ({
        field: `data.content.${issue.path}`,
        message: issue.message,
      }));
      throw new ValidationError(
        ValidationErrorCode.INVALID_MESSAGE,
        `Inbound ${entityType} is not a valid record: ${fields.map((f) => f.field).join(', ')}`,
        fields,
      );
    }
    return result.value as ContentByEntityType[E];
  }
}
