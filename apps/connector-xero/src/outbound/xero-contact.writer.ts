import type { ExternalCallContext, UpsertContext, UpsertResult } from '@concord/connector-kit';
import { NotFoundError } from '@concord/errors';
import type { Contact } from 'xero-node';

import type { XeroContactPayload } from '../mappers/xero-contact.mapper';
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
 * (Xero's external reference), so a lost link is found again; delete archives.
 */
export const xeroContactWriter = {
  async upsert(
    entityId: string,
    mapped: XeroContactPayload,
    ctx: UpsertContext<XeroConnectionClient>,
  ): Promise<UpsertResult> {
    const { api, tenantId } = ctx.client;
    const body: XeroContactPayload = { ...mapped, contactNumber: entityId };
    const existing = ctx.existingExternalId;
    const contact = existing
      ? await ctx.call('update-contact', async (key) => {
          const { body: answer } = await api.updateOrCreateContacts(
            tenantId,
            asContacts({ ...body, contactID: existing }),
            false,
            key,
          );
          return writtenRecord(answer.contacts, 'contact');
        })
      : await ctx.call('create-contact', async (key) => {
          const { body: answer } = await api.createContacts(tenantId, asContacts(body), false, key);
          return writtenRecord(answer.contacts, 'contact');
        });
    return {
      externalId: contact.contactID ?? '',
      externalVersion: isoInstantOfXeroDate(contact.updatedDateUTC),
    };
  },

  async delete(externalId: string, ctx: UpsertContext<XeroConnectionClient>): Promise<void> {
    const { api, tenantId } = ctx.client;
    const archive = { contactID: externalId, contactStatus: 'ARCHIVED' } as unknown as Contact;
    await ctx.call('archive-contact', async (key) => {
      const { body } = await api.updateOrCreateContacts(
        tenantId,
        { contacts: [archive] },
        false,
        key,
      );
      return writtenRecord(body.contacts, 'contact');
    });
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
