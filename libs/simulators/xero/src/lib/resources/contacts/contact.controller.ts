import { queryFlag, queryList, queryParam } from '../../http/query-params';
import { XeroApiError } from '../../http/xero-api.error';
import { XeroRequestContext, XeroResult, XeroRoute } from '../../http/xero-route';
import { ContactRecord } from '../../organisations/xero-records';
import { batchWrite, readBatch } from '../batch-write';
import { listRecords } from '../list-records';
import { CONTACT_FIELDS, renderContact } from './contact.renderer';
import { ContactWriter } from './contact.writer';

/** `/Contacts`: list, get by id or ContactNumber, PUT creates, POST updates or creates. */
export class ContactController {
  private readonly writer = new ContactWriter();

  routes(): XeroRoute[] {
    return [
      { method: 'GET', pattern: '/Contacts', handle: (context) => this.list(context) },
      { method: 'GET', pattern: '/Contacts/:id', handle: (context) => this.get(context) },
      { method: 'PUT', pattern: '/Contacts', handle: (c) => batchWrite(c, this.writer, 'create') },
      { method: 'POST', pattern: '/Contacts', handle: (c) => batchWrite(c, this.writer, 'upsert') },
      { method: 'POST', pattern: '/Contacts/:id', handle: (context) => this.update(context) },
    ];
  }

  private list(context: XeroRequestContext): XeroResult {
    const byIds = queryList(context.query, 'IDs') !== undefined;
    const includeArchived = byIds || queryFlag(context.query, 'includeArchived', false);
    const term = queryParam(context.query, 'searchTerm')?.toLowerCase();
    const contacts = [...context.org.contacts.values()]
      .filter((contact) => includeArchived || contact.ContactStatus !== 'ARCHIVED')
      .filter((contact) => !term || searchable(contact).some((text) => text.includes(term)))
      .map(renderContact);
    return listRecords(
      context,
      {
        typeName: 'Contact',
        collection: 'Contacts',
        fields: CONTACT_FIELDS,
        idField: 'ContactID',
        filtersByIds: true,
        paged: true,
      },
      contacts,
    );
  }

  private get(context: XeroRequestContext): XeroResult {
    return { collection: 'Contacts', records: [renderContact(this.find(context))] };
  }

  private update(context: XeroRequestContext): XeroResult {
    const contact = this.find(context);
    const [first] = readBatch(context.body, 'Contacts', 1);
    return batchWrite(context, this.writer, 'upsert', [{ ...first, ContactID: contact.ContactID }]);
  }

  private find(context: XeroRequestContext): ContactRecord {
    const key = context.pathParams['id'];
    const contact =
      context.org.contacts.get(key.toLowerCase()) ??
      [...context.org.contacts.values()].find((candidate) => candidate.ContactNumber === key);
    if (!contact) throw XeroApiError.notFound();
    return contact;
  }
}

/** What `searchTerm` looks in, as Xero documents it (case-insensitive, anywhere in the text). */
function searchable(contact: ContactRecord): string[] {
  return [
    contact.Name,
    contact.FirstName,
    contact.LastName,
    contact.ContactNumber,
    contact.EmailAddress,
  ]
    .filter((text): text is string => text !== undefined)
    .map((text) => text.toLowerCase());
}
