import {
  type ExternalCallContext,
  externalDeletePending,
  externalDeleteStands,
  type UpsertContext,
} from '@concord/connector-kit';
import { NotFoundError } from '@concord/errors';
import type { EntityType } from '@concord/model';

import { queryAllRecords } from '../inbound/salesforce-query';
import { soqlIdList } from '../inbound/soql';
import type { SalesforceFields } from '../mappers/salesforce-field-mappings';
import { isoTime } from '../mappers/salesforce-record';
import { CONCORD_ID_FIELD } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';

type Ctx = ExternalCallContext<SalesforceClient>;

/** Salesforce's answer to an upsert by external id (v46.0 and later). */
export interface UpsertAnswer {
  id: string;
  success: boolean;
  created: boolean;
}

/**
 * `PATCH /sobjects/{T}/Concord_Id__c/{catalogId}`: creates the record or updates the one carrying
 * the catalog id, so a retried write never makes a second record.
 */
export function upsertByConcordId(
  ctx: Ctx,
  step: string,
  sObject: string,
  catalogId: string,
  fields: SalesforceFields,
): Promise<UpsertAnswer> {
  const path = `/sobjects/${sObject}/${CONCORD_ID_FIELD}/${encodeURIComponent(catalogId)}`;
  return ctx.call(step, () =>
    ctx.client.request<UpsertAnswer>({ method: 'PATCH', path, body: fields }),
  );
}

/** `PATCH /sobjects/{T}/{id}`: updates the fields given. */
export async function updateById(
  ctx: Ctx,
  step: string,
  sObject: string,
  id: string,
  fields: SalesforceFields,
): Promise<void> {
  await ctx.call(step, () =>
    ctx.client.request<void>({ method: 'PATCH', path: `/sobjects/${sObject}/${id}`, body: fields }),
  );
}

/** `DELETE /sobjects/{T}/{id}`; a record already gone counts as deleted. */
export async function deleteById(ctx: Ctx, sObject: string, id: string): Promise<void> {
  try {
    await ctx.call(`delete-${sObject}`, () =>
      ctx.client.request<void>({ method: 'DELETE', path: `/sobjects/${sObject}/${id}` }),
    );
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw error;
  }
}

/** Key prefixes of the objects the connector writes. */
export const KEY_PREFIX: Record<string, string> = {
  Account: '001',
  Contact: '003',
  Product2: '01t',
  PricebookEntry: '01u',
};

/** When a record was deleted (its `SystemModstamp` in the recycle bin), or null when unknown. */
async function deletedAtOf(ctx: Ctx, sObject: string, id: string): Promise<Date | null> {
  const [record] = await queryAllRecords(
    ctx,
    `deleted-${sObject}`,
    `SELECT Id, SystemModstamp FROM ${sObject} WHERE Id IN ${soqlIdList([id])} AND IsDeleted = true`,
    { includeDeleted: true },
  );
  const at = isoTime(record?.['SystemModstamp']);
  return at ? new Date(at) : null;
}

/**
 * Writes a catalog record: an update of the linked record (by id, setting `Concord_Id__c` too, so
 * a record matched by a backfill carries the catalog id from then on), or, without a link, an
 * upsert by `Concord_Id__c`. A linked record deleted in Salesforce is created again only when the
 * connection's conflict policy lets the catalog win; otherwise the write waits for the delete to
 * reach the catalog (`EXTERNAL_DELETE_PENDING`).
 */
export async function writeRecord(
  ctx: UpsertContext<SalesforceClient>,
  entityType: EntityType,
  sObject: string,
  entityId: string,
  fields: SalesforceFields,
): Promise<UpsertAnswer> {
  const linked = ctx.existingExternalId;
  const prefix = KEY_PREFIX[sObject];
  if (linked && prefix && linked.startsWith(prefix)) {
    try {
      await updateById(ctx, `update-${sObject}`, sObject, linked, {
        ...fields,
        [CONCORD_ID_FIELD]: entityId,
      });
      return { id: linked, success: true, created: false };
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return recreateUnlessDeleteStands(ctx, entityType, sObject, linked, entityId, fields);
    }
  }
  return upsertByConcordId(ctx, `upsert-${sObject}`, sObject, entityId, fields);
}

/**
 * The linked record was deleted in Salesforce: created again (upserted by `Concord_Id__c`) only
 * when the connection's conflict policy lets the catalog win; otherwise `EXTERNAL_DELETE_PENDING`.
 */
export async function recreateUnlessDeleteStands(
  ctx: Ctx & Pick<UpsertContext<SalesforceClient>, 'catalogChangedAt'>,
  entityType: EntityType,
  sObject: string,
  linked: string,
  entityId: string,
  fields: SalesforceFields,
): Promise<UpsertAnswer> {
  const deletedAt = await deletedAtOf(ctx, sObject, linked);
  const stands = externalDeleteStands({
    policy: ctx.connection.settings.conflictPolicy,
    catalogChangedAt: ctx.catalogChangedAt,
    deletedAt,
  });
  if (stands) throw externalDeletePending(entityType, linked);
  return upsertByConcordId(ctx, `upsert-${sObject}`, sObject, entityId, fields);
}
