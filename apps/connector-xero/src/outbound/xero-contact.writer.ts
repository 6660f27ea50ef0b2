import type { ExternalCallContext, UpsertContext, UpsertResult } from '@concord/connector-kit';
import { NotFoundError, ValidationError } from '@concord/errors';
import type { Contact } from 'xero-node';

import type { XeroContactPayload } from '../mappers/xero-contact.mapper';
import { contactNameTaken, disambiguatedContactName } from '../mappers/xero-contact-name';
import type { XeroConnectionClient } from '../xero/xero-client.factory';
import { isoInstantOfXeroDate } from '../xero/xero-dates';
import { writtenRecord } from './xero-written-record';

type Ctx = ExternalCallContext<XeroConnectionClient>;
const asContacts = (contact: XeroContactPayload): { contacts: Contact[] } => ({
  contacts: [contact as unknown as Contact],
});

/**
 * Customers as Contacts: PUT creates, POST (by ContactID) updates, both with the event's
 * Idempotency-Key and `summarizeErrors=false`; the catalog id is the contact's ContactNumber
 * (Xero's external reference), so a lost link is found again (deletes: `xero-batch-deletes.ts`).
 * A contact refused because another active contact holds its name is written again as
 * "Name (short catalog id)" (xero-contact-name.ts).
 */
export const xeroContactWriter = {
  async upsert(
    entityId: string,
    mapped: XeroContactPayload,
    ctx: UpsertContext<XeroConnectionClient>,
  ): Promise<UpsertResult> {
    try {
      return await writeContact({ ...mapped, contactNumber: entityId }, ctx, '');
    } catch (error) {
      const taken = error instanceof ValidationError && contactNameTaken([error.message]);
      if (!taken) throw error;
      const name = disambiguatedContactName(mapped.name, entityId);
      const body = { ...mapped, name, contactNumber: entityId };
      return writeContact(body, ctx, '-renamed');
    }
  },

  /** The contact whose ContactNumber is the catalog id (`GET /Contacts/{ContactNumber}`). */
  async findByConcordId(entityId: string, ctx: Ctx): Promise<string | null> {
    try {
      const { body } = await ctx.call('find-contact', () =>
        ctx.client.api.getContact(ctx.client.tenantId, entityId),
      );
      return body.contacts?.[0]?.contactID ?? null;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  },

  /** An active contact with this email (backfill matching). */
  async findByEmail(email: string, ctx: Ctx): Promise<string | null> {
    const where = `EmailAddress=="${email.replace(/["\\]/g, '')}"`;
    const { body } = await ctx.call('find-contact-by-email', () =>
      ctx.client.api.getContacts(ctx.client.tenantId, undefined, where),
    );
    return body.contacts?.[0]?.contactID ?? null;
  },
};

/** A create (PUT) or an update (POST by ContactID) of one contact; `step` tells retries apart. */
async function writeContact(
  body: XeroContactPayload,
  ctx: UpsertContext<XeroConnectionClient>,
  step: string,
): Promise<UpsertResult> {
  const { api, tenantId } = ctx.client;
  const existing = ctx.existingExternalId;
  const contact = existing
    ? await ctx.call(`update-contact${step}`, async (key) => {
        const { body: answer } = await api.updateOrCreateContacts(
          tenantId,
          asContacts({ ...body, contactID: existing }),
          false,
          key,
        );
        return writtenRecord(answer.contacts, 'contact');
      })
    : await ctx.call(`create-contact${step}`, async (key) => {
        const { body: answer } = await api.createContacts(tenantId, asContacts(body), false, key);
        return writtenRecord(answer.contacts, 'contact');
      });
  return {
    externalId: contact.contactID ?? '',
    externalVersion: isoInstantOfXeroDate(contact.updatedDateUTC),
  };
}
