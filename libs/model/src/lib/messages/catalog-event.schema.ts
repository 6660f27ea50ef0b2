import { type Static, type TSchema, Type } from '@sinclair/typebox';

import { envelopeSchema } from '../envelope/envelope.schema';
import {
  catalogEventType,
  type CatalogOperation,
  CatalogOperations,
} from '../envelope/event-types';
import { type EntityType, Origin } from '../primitives/primitives.schema';
import { closed, LiteralUnion } from '../primitives/schema-helpers';
import { Customer } from '../records/customer.schema';
import { ContentSchemas } from '../records/entity-schemas';
import { Invoice } from '../records/invoice.schema';
import { Product } from '../records/product.schema';
import { joinPath, type SchemaIssue } from '../validation/schema-issues';
import { refine, refinementIssues } from '../validation/schema-validation';
import { CatalogEventSchemaIds } from './message-schema-ids';

function catalogEventSchema<E extends EntityType, R extends TSchema>(
  entityType: E,
  record: R,
  $id?: string,
) {
  return envelopeSchema(
    {
      type: LiteralUnion(
        CatalogOperations.map((operation) =>
          catalogEventType(entityType, operation),
        ) as Array<`concord.catalog.${E}.${CatalogOperation}`>,
        { description: 'concord.catalog.<entity>.created|updated|deleted' },
      ),
      origin: Origin,
      subject: 'Id of the entity (EntityId).',
      data: Type.Object(
        {
          operation: LiteralUnion(CatalogOperations, {
            description: 'What happened to the entity.',
          }),
          entity: record,
          changedFields: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
            uniqueItems: true,
            maxItems: 100,
            description: 'Content fields this change touched (all of them on create).',
          }),
        },
        { ...closed, description: 'The change and the entity as it is after it.' },
      ),
    },
    {
      ...($id === undefined ? {} : { $id }),
      title: `Catalog ${entityType} event`,
      description: `A committed change to a ${entityType}, with its full state after the change.`,
    },
  );
}

interface CatalogEventShape {
  type: string;
  subject: string;
  tenant: string;
  entityVersion: number | null;
  data: {
    operation: CatalogOperation;
    changedFields: string[];
    entity: { id: string; tenantId: string; version: number; deletedAt: string | null };
  };
}

/** Rules tying the envelope to its entity: one event, one tenant, one entity, one version. */
function catalogEventIssues(entityType: EntityType, record: TSchema) {
  const contentFields = new Set(Object.keys(ContentSchemas[entityType].properties));
  return (event: CatalogEventShape): SchemaIssue[] => {
    const { entity, operation, changedFields } = event.data;
    const issues: SchemaIssue[] = [];
    const expectedType = catalogEventType(entityType, operation);
    if (event.type !== expectedType)
      issues.push({ path: 'type', message: `Expected ${expectedType}` });
    if (event.subject !== entity.id)
      issues.push({ path: 'subject', message: 'Expected the entity id' });
    if (event.tenant !== entity.tenantId) {
      issues.push({ path: 'data.entity.tenantId', message: 'Expected the event tenant' });
    }
    if (event.entityVersion !== entity.version) {
      issues.push({ path: 'entityVersion', message: 'Expected the entity version' });
    }
    if (operation === 'deleted' && entity.deletedAt === null) {
      issues.push({ path: 'data.entity.deletedAt', message: 'A deleted entity has deletedAt' });
    }
    changedFields.forEach((field, index) => {
      if (!contentFields.has(field.split('.')[0])) {
        issues.push({
          path: `data.changedFields.${index}`,
          message: `Unknown ${entityType} field`,
        });
      }
    });
    const nested = refinementIssues(record, entity as Static<typeof record>);
    return [...issues, ...nested.map((i) => ({ ...i, path: joinPath('data.entity', i.path) }))];
  };
}

export const CatalogCustomerEvent = refine(
  catalogEventSchema('customer', Customer, CatalogEventSchemaIds.customer),
  catalogEventIssues('customer', Customer),
);
export type CatalogCustomerEvent = Static<typeof CatalogCustomerEvent>;

export const CatalogProductEvent = refine(
  catalogEventSchema('product', Product, CatalogEventSchemaIds.product),
  catalogEventIssues('product', Product),
);
export type CatalogProductEvent = Static<typeof CatalogProductEvent>;

export const CatalogInvoiceEvent = refine(
  catalogEventSchema('invoice', Invoice, CatalogEventSchemaIds.invoice),
  catalogEventIssues('invoice', Invoice),
);
export type CatalogInvoiceEvent = Static<typeof CatalogInvoiceEvent>;

export const CatalogEventSchemas = {
  customer: CatalogCustomerEvent,
  product: CatalogProductEvent,
  invoice: CatalogInvoiceEvent,
} as const;

export interface CatalogEventByEntityType {
  customer: CatalogCustomerEvent;
  product: CatalogProductEvent;
  invoice: CatalogInvoiceEvent;
}
export type CatalogEvent<E extends EntityType = EntityType> = CatalogEventByEntityType[E];

/** The three catalog events without `$id`, for embedding in other schemas (the retry topic). */
export function embeddableCatalogEventSchemas() {
  return [
    refine(catalogEventSchema('customer', Customer), catalogEventIssues('customer', Customer)),
    refine(catalogEventSchema('product', Product), catalogEventIssues('product', Product)),
    refine(catalogEventSchema('invoice', Invoice), catalogEventIssues('invoice', Invoice)),
  ] as const;
}
