import type { OutboundAdapter } from '@concord/connector-kit';
import type { CustomerContent, EntityType } from '@concord/model';

import { queryAllRecords } from '../inbound/salesforce-query';
import { soqlString } from '../inbound/soql';
import type { SalesforceCustomerPayload } from '../mappers/salesforce-customer.mapper';
import type { SalesforceProductPayload } from '../mappers/salesforce-product.mapper';
import { customerObjectOf } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { writeAccountsWithContacts } from './salesforce-account-contact.writer';
import { salesforceBatchWriter } from './salesforce-batch.writer';
import { deleteProduct, upsertProduct } from './salesforce-product.writer';
import { deleteById, writeRecord } from './salesforce-upsert';

/** The payload each entity type maps to in Salesforce (invoices do not sync). */
export interface SalesforceMapped {
  customer: SalesforceCustomerPayload;
  product: SalesforceProductPayload;
  invoice: never;
}

/** The sObject of a customer id by its key prefix (001 Account, 003 Contact). */
function customerObjectOfId(id: string): 'Account' | 'Contact' | null {
  if (id.startsWith('001')) return 'Account';
  if (id.startsWith('003')) return 'Contact';
  return null;
}

/** Matching keys a backfill may look records up by: canonical field -> Salesforce field. */
const MATCHING_FIELDS: Partial<Record<EntityType, Record<string, Record<string, string>>>> = {
  customer: { Account: { name: 'Name' }, Contact: { name: 'Name', email: 'Email' } },
  product: { Product2: { sku: 'ProductCode', name: 'Name' } },
};

/**
 * Writes catalog changes to Salesforce through jsforce's `request`: every create or update is an
 * upsert by `Concord_Id__c` (a retry never makes a second record), in composite collections of
 * up to 200 records (`batch`) or, for single records, one by one; deletes delete.
 */
export function salesforceOutboundAdapter(): OutboundAdapter<SalesforceClient, SalesforceMapped> {
  return {
    upsert: async (entityType, entityId, mapped, ctx) => {
      if (entityType === 'product') {
        return upsertProduct(entityId, mapped as SalesforceProductPayload, ctx);
      }
      const customer = mapped as SalesforceCustomerPayload;
      if (customer.contact) {
        // An Account plus its primary Contact: the batch's two-step write, for one customer.
        const item = {
          ...ctx,
          content: ctx.content as CustomerContent,
          entityId,
          mapped: customer,
        };
        const [result] = await writeAccountsWithContacts([item], ctx);
        if (result?.status !== 'written') throw result?.error ?? new Error('no result');
        return { externalId: result.externalId, externalVersion: null, parts: result.parts };
      }
      const answer = await writeRecord(
        ctx,
        'customer',
        customer.sObject,
        entityId,
        customer.fields,
      );
      return { externalId: answer.id, externalVersion: null };
    },
    delete: async (entityType, externalId, ctx) => {
      if (entityType === 'product') return deleteProduct(externalId, ctx);
      // Deleting an Account deletes its Contacts (its primary Contact under AccountWithContact).
      const sObject = customerObjectOfId(externalId) ?? customerObjectOf(ctx.connection);
      await deleteById(ctx, sObject, externalId);
    },
    batch: salesforceBatchWriter(),
    findByMatchingKey: async (entityType, key, value, ctx) => {
      const sObject = entityType === 'product' ? 'Product2' : customerObjectOf(ctx.connection);
      const field = MATCHING_FIELDS[entityType]?.[sObject]?.[key];
      if (!field) return null;
      const [record] = await queryAllRecords(
        ctx,
        `match-${sObject}`,
        `SELECT Id FROM ${sObject} WHERE ${field} = ${soqlString(value)} ORDER BY CreatedDate LIMIT 1`,
      );
      return record?.Id ?? null;
    },
  };
}
