import { Contact, Invoice, LineAmountTypes, Phone, XeroClient } from 'xero-node';

import { ContractChecker } from '../../test/contract-checker';
import { RunningXero, startXero, xeroClient } from '../../test/in-process-xero';
import { XeroSpecValidator } from '../../test/xero-spec-validator';
import { DEMO_TENANT_ID } from './organisations/organisation-registry';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MS_DATE = /^\/Date\(\d+\+0000\)\/$/;

/**
 * Every implemented accounting operation through xero-node (pointed at the simulator with
 * `accountingApi.basePath` and `setTokenSet` only), successes and errors, each raw answer
 * validated against Xero's xero_accounting.yaml.
 */
describe('Xero simulator through xero-node (contract: xero_accounting.yaml)', () => {
  let xero: RunningXero;
  let client: XeroClient;
  let contract: ContractChecker;
  const api = (): XeroClient['accountingApi'] => client.accountingApi;
  const tenant = DEMO_TENANT_ID;

  beforeAll(async () => {
    xero = await startXero({ seed: 15 });
    client = xeroClient(xero.url);
    contract = new ContractChecker();
  });

  afterAll(async () => {
    await xero.close();
  });

  describe('contacts', () => {
    let ada: string;

    it('PUT creates in a batch, in Xero envelope with ids, dates and the rate headers', async () => {
      const created = await contract.call(
        'PUT',
        '/Contacts',
        api().createContacts(tenant, {
          contacts: [
            {
              name: 'Ada Lovelace',
              emailAddress: 'ada@example.com',
              contactNumber: 'cust-1',
              firstName: 'Ada',
            },
            {
              name: 'Grace Hopper',
              contactNumber: 'cust-2',
              phones: [{ phoneType: Phone.PhoneTypeEnum.MOBILE, phoneNumber: '555' }],
            },
          ],
        }),
      );
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ Status: 'OK', ProviderName: 'Concord Xero Simulator' });
      expect(created.body.Id).toMatch(UUID);
      expect(created.body.DateTimeUTC).toMatch(MS_DATE);
      const [first, second] = created.body.Contacts;
      expect(first).toMatchObject({
        Name: 'Ada Lovelace',
        ContactStatus: 'ACTIVE',
        ContactNumber: 'cust-1',
        StatusAttributeString: 'OK',
      });
      expect(first.ContactID).toMatch(UUID);
      expect(first.UpdatedDateUTC).toMatch(MS_DATE);
      expect(second.Phones).toEqual([{ PhoneType: 'MOBILE', PhoneNumber: '555' }]);
      expect(created.headers['x-minlimit-remaining']).toBe('59');
      expect(created.headers['x-daylimit-remaining']).toBe('4999');
      expect(created.headers['x-appminlimit-remaining']).toBe('9999');
      ada = first.ContactID;
    });

    it('refuses a duplicate name with a ValidationException, keeping nothing of the batch', async () => {
      const refused = await contract.call(
        'PUT',
        '/Contacts',
        api().createContacts(tenant, {
          contacts: [{ name: 'Katherine Johnson' }, { name: 'ada lovelace' }],
        }),
      );
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
      });
      expect(refused.body.Elements).toEqual([
        expect.objectContaining({
          Name: 'ada lovelace',
          ValidationErrors: [
            {
              Message:
                'The contact name ada lovelace is already assigned to another contact. The contact name must be unique across all active contacts.',
            },
          ],
        }),
      ]);
      const katherine = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(tenant, undefined, 'Name=="Katherine Johnson"'),
      );
      expect(katherine.body.Contacts).toEqual([]);
    });

    it('summarizeErrors=false answers per record and keeps the valid ones', async () => {
      const mixed = await contract.call(
        'POST',
        '/Contacts',
        api().updateOrCreateContacts(
          tenant,
          { contacts: [{ name: 'Katherine Johnson' }, { emailAddress: 'no-name@example.com' }] },
          false,
        ),
      );
      expect(mixed.status).toBe(200);
      expect(
        mixed.body.Contacts.map((c: { StatusAttributeString: string }) => c.StatusAttributeString),
      ).toEqual(['OK', 'ERROR']);
      expect(mixed.body.Contacts[1]).toMatchObject({
        HasValidationErrors: true,
        ValidationErrors: [{ Message: 'The contact name must be specified.' }],
      });
    });

    it('POST updates by ContactNumber (an external reference) and archives', async () => {
      const updated = await contract.call(
        'POST',
        '/Contacts',
        api().updateOrCreateContacts(tenant, {
          contacts: [{ contactNumber: 'cust-1', lastName: 'King' }],
        }),
      );
      expect(updated.body.Contacts[0]).toMatchObject({
        ContactID: ada,
        LastName: 'King',
        Name: 'Ada Lovelace',
      });
      const archived = await contract.call(
        'POST',
        '/Contacts/{ContactID}',
        api().updateContact(tenant, ada, {
          contacts: [{ contactStatus: Contact.ContactStatusEnum.ARCHIVED }],
        }),
      );
      expect(archived.body.Contacts[0].ContactStatus).toBe('ARCHIVED');
      const active = await contract.call('GET', '/Contacts', api().getContacts(tenant));
      expect(active.body.Contacts.map((c: { Name: string }) => c.Name)).toEqual([
        'Grace Hopper',
        'Katherine Johnson',
      ]);
      const all = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(tenant, undefined, undefined, undefined, undefined, undefined, true),
      );
      expect(all.body.Contacts).toHaveLength(3);
      const restored = await contract.call(
        'POST',
        '/Contacts/{ContactID}',
        api().updateContact(tenant, ada, {
          contacts: [{ contactStatus: Contact.ContactStatusEnum.ACTIVE }],
        }),
      );
      expect(restored.body.Contacts[0].ContactStatus).toBe('ACTIVE');
    });

    it('GET by id and by ContactNumber; an unknown id is 404', async () => {
      const byId = await contract.call(
        'GET',
        '/Contacts/{ContactID}',
        api().getContact(tenant, ada),
      );
      expect(byId.body.Contacts[0]).toMatchObject({
        ContactID: ada,
        EmailAddress: 'ada@example.com',
      });
      const byNumber = await contract.call(
        'GET',
        '/Contacts/{ContactID}',
        api().getContact(tenant, 'cust-1'),
      );
      expect(byNumber.body.Contacts[0].ContactID).toBe(ada);
      const missing = await contract.call(
        'GET',
        '/Contacts/{ContactID}',
        api().getContact(tenant, '6f9c1f2e-0000-4000-8000-000000000000'),
      );
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ Title: 'Resource Not Found', Status: 404 });
    });

    it('lists with IDs, where, order, If-Modified-Since and pages', async () => {
      const batch = Array.from({ length: 30 }, (_, i) => ({
        name: `Paged ${String(i).padStart(2, '0')}`,
      }));
      await contract.call('PUT', '/Contacts', api().createContacts(tenant, { contacts: batch }));
      const searched = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(
          tenant,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          'EXAMPLE.COM',
        ),
      );
      expect(searched.body.Contacts.map((c: { ContactID: string }) => c.ContactID)).toEqual([ada]);
      const byIds = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(tenant, undefined, undefined, undefined, [ada]),
      );
      expect(byIds.body.Contacts.map((c: { ContactID: string }) => c.ContactID)).toEqual([ada]);
      const where = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(
          tenant,
          undefined,
          'Name.StartsWith("Paged 1") OR EmailAddress!=null',
          'Name DESC',
        ),
      );
      expect(where.body.Contacts.map((c: { Name: string }) => c.Name)).toEqual([
        'Paged 19',
        'Paged 18',
        'Paged 17',
        'Paged 16',
        'Paged 15',
        'Paged 14',
        'Paged 13',
        'Paged 12',
        'Paged 11',
        'Paged 10',
        'Ada Lovelace',
      ]);
      const page = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(
          tenant,
          undefined,
          'Name.Contains("Paged")',
          'Name',
          undefined,
          2,
          undefined,
          undefined,
          undefined,
          12,
        ),
      );
      expect(page.body.pagination).toEqual({ page: 2, pageSize: 12, pageCount: 3, itemCount: 30 });
      expect(page.body.Contacts.map((c: { Name: string }) => c.Name)[0]).toBe('Paged 12');
      xero.simulator.control.clock.advance(60_000);
      const since = new Date(xero.simulator.control.clock.now() - 1);
      await contract.call(
        'POST',
        '/Contacts',
        api().updateOrCreateContacts(tenant, {
          contacts: [{ contactNumber: 'cust-2', firstName: 'Grace' }],
        }),
      );
      const changed = await contract.call('GET', '/Contacts', api().getContacts(tenant, since));
      expect(changed.body.Contacts.map((c: { Name: string }) => c.Name)).toEqual(['Grace Hopper']);
    });

    it('answers an unsupported where or order with Xero query error', async () => {
      const bad = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(tenant, undefined, 'Nickname=="x"'),
      );
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        ErrorNumber: 16,
        Type: 'QueryParseException',
        Message: "No property or field 'Nickname' exists in type 'Contact'",
      });
      const badOrder = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(tenant, undefined, undefined, 'Name SIDEWAYS'),
      );
      expect(badOrder.status).toBe(400);
      expect(badOrder.body.Type).toBe('QueryParseException');
    });

    it('refuses more than 50 records in one call', async () => {
      const tooMany = Array.from({ length: 51 }, (_, i) => ({ name: `Too many ${i}` }));
      const refused = await contract.call(
        'PUT',
        '/Contacts',
        api().createContacts(tenant, { contacts: tooMany }),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.Message).toBe(
        'A maximum of 50 Contacts may be sent in a single request; this request has 51',
      );
    });

    it('replays the first answer for a repeated Idempotency-Key', async () => {
      const body = { contacts: [{ name: 'Idempotent Ltd' }] };
      const first = await contract.call(
        'PUT',
        '/Contacts',
        api().createContacts(tenant, body, undefined, 'key-contact-1'),
      );
      const again = await contract.call(
        'PUT',
        '/Contacts',
        api().createContacts(tenant, body, undefined, 'key-contact-1'),
      );
      expect(again.body).toEqual(first.body);
      const found = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(tenant, undefined, 'Name=="Idempotent Ltd"'),
      );
      expect(found.body.Contacts).toHaveLength(1);
      const misuse = await contract.call(
        'PUT',
        '/Contacts',
        api().createContacts(tenant, { contacts: [{ name: 'Other' }] }, undefined, 'key-contact-1'),
      );
      expect(misuse.status).toBe(400);
    });
  });

  describe('items', () => {
    let itemId: string;

    it('PUT creates with 4 dp unit prices (2 dp unless unitdp=4), Code unique per organisation', async () => {
      const created = await contract.call(
        'PUT',
        '/Items',
        api().createItems(tenant, {
          items: [
            {
              code: 'SKU-1',
              name: 'Widget',
              description: 'A widget',
              salesDetails: { unitPrice: 12.3456, accountCode: '200', taxType: 'OUTPUT2' },
            },
          ],
        }),
      );
      expect(created.body.Items[0]).toMatchObject({
        Code: 'SKU-1',
        IsSold: true,
        SalesDetails: { UnitPrice: 12.35, AccountCode: '200' },
      });
      itemId = created.body.Items[0].ItemID;
      const precise = await contract.call(
        'GET',
        '/Items/{ItemID}',
        api().getItem(tenant, itemId, 4),
      );
      expect(precise.body.Items[0].SalesDetails.UnitPrice).toBe(12.3456);
      const duplicate = await contract.call(
        'PUT',
        '/Items',
        api().createItems(tenant, { items: [{ code: 'sku-1' }] }),
      );
      expect(duplicate.status).toBe(400);
      expect(duplicate.body.Elements[0].ValidationErrors).toEqual([
        { Message: "Item code 'sku-1' already exists" },
      ]);
    });

    it('POST updates by Code, lists with where, updates by id and deletes', async () => {
      const upserted = await contract.call(
        'POST',
        '/Items',
        api().updateOrCreateItems(tenant, {
          items: [
            { code: 'SKU-1', name: 'Widget v2' },
            { code: 'SKU-2', name: 'Gadget' },
          ],
        }),
      );
      expect(upserted.body.Items.map((i: { ItemID: string }) => i.ItemID)[0]).toBe(itemId);
      const listed = await contract.call(
        'GET',
        '/Items',
        api().getItems(tenant, undefined, 'Name.Contains("v2")'),
      );
      expect(listed.body.Items.map((i: { Code: string }) => i.Code)).toEqual(['SKU-1']);
      const updated = await contract.call(
        'POST',
        '/Items/{ItemID}',
        api().updateItem(tenant, itemId, { items: [{ code: 'SKU-1', description: 'Better' }] }),
      );
      expect(updated.body.Items[0]).toMatchObject({ Description: 'Better', Name: 'Widget v2' });
      const gadget = upserted.body.Items[1].ItemID;
      const deleted = await outcomeStatus(api().deleteItem(tenant, gadget));
      expect(deleted).toBe(204);
      const gone = await contract.call('GET', '/Items/{ItemID}', api().getItem(tenant, gadget));
      expect(gone.status).toBe(404);
    });
  });

  describe('invoices and payments', () => {
    let contactId: string;
    let invoiceId: string;

    beforeAll(async () => {
      const created = await contract.call(
        'PUT',
        '/Contacts',
        api().createContacts(tenant, { contacts: [{ name: 'Invoice Customer' }] }),
      );
      contactId = created.body.Contacts[0].ContactID;
    });

    const lines = [
      {
        description: 'Consulting',
        quantity: 3,
        unitAmount: 19.99,
        accountCode: '200',
        taxType: 'OUTPUT2',
      },
      {
        description: 'Stamp',
        quantity: 1,
        unitAmount: 0.05,
        accountCode: '200',
        taxType: 'OUTPUT2',
      },
    ];

    it('PUT creates an ACCREC invoice with exact totals (Exclusive)', async () => {
      const created = await contract.call(
        'PUT',
        '/Invoices',
        api().createInvoices(tenant, {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID: contactId },
              lineItems: lines,
              date: '2026-01-15',
              dueDate: '2026-02-15',
              status: Invoice.StatusEnum.AUTHORISED,
              lineAmountTypes: LineAmountTypes.Exclusive,
            },
          ],
        }),
      );
      expect(created.status).toBe(200);
      const invoice = created.body.Invoices[0];
      expect(invoice).toMatchObject({
        Type: 'ACCREC',
        Status: 'AUTHORISED',
        InvoiceNumber: 'INV-0001',
        SubTotal: 60.02,
        TotalTax: 12,
        Total: 72.02,
        AmountDue: 72.02,
        AmountPaid: 0,
        Date: '/Date(1768435200000+0000)/',
        Contact: { ContactID: contactId, Name: 'Invoice Customer' },
      });
      expect(
        invoice.LineItems.map((l: { LineAmount: number; TaxAmount: number }) => [
          l.LineAmount,
          l.TaxAmount,
        ]),
      ).toEqual([
        [59.97, 11.99],
        [0.05, 0.01],
      ]);
      invoiceId = invoice.InvoiceID;
    });

    it('computes Inclusive and NoTax totals, and creates a contact named on the invoice', async () => {
      const created = await contract.call(
        'POST',
        '/Invoices',
        api().updateOrCreateInvoices(
          tenant,
          {
            invoices: [
              {
                type: Invoice.TypeEnum.ACCREC,
                contact: { name: 'Walk-in Buyer' },
                lineAmountTypes: LineAmountTypes.Inclusive,
                lineItems: [
                  { description: 'Gift', quantity: 1, unitAmount: 120, accountCode: '200' },
                  { description: 'Card', quantity: 2, unitAmount: 9.99, accountCode: '200' },
                ],
              },
              {
                type: Invoice.TypeEnum.ACCREC,
                contact: { contactID: contactId },
                lineAmountTypes: LineAmountTypes.NoTax,
                lineItems: [
                  { description: 'Thirds', quantity: 3, unitAmount: 0.3333, accountCode: '200' },
                ],
              },
            ],
          },
          undefined,
          4,
        ),
      );
      const [inclusive, noTax] = created.body.Invoices;
      expect(inclusive).toMatchObject({
        Status: 'DRAFT',
        SubTotal: 116.65,
        TotalTax: 23.33,
        Total: 139.98,
      });
      expect(noTax).toMatchObject({ SubTotal: 1, TotalTax: 0, Total: 1 });
      expect(noTax.LineItems[0]).toMatchObject({ UnitAmount: 0.3333, TaxType: 'NONE' });
      const buyer = await contract.call(
        'GET',
        '/Contacts',
        api().getContacts(tenant, undefined, 'Name=="Walk-in Buyer"'),
      );
      expect(buyer.body.Contacts[0]).toMatchObject({ IsCustomer: true });
    });

    it('GET by id and number; lists without line items unless paged; filters by status', async () => {
      const byId = await contract.call(
        'GET',
        '/Invoices/{InvoiceID}',
        api().getInvoice(tenant, invoiceId),
      );
      expect(byId.body.Invoices[0].LineItems).toHaveLength(2);
      const byNumber = await contract.call(
        'GET',
        '/Invoices/{InvoiceID}',
        api().getInvoice(tenant, 'INV-0001'),
      );
      expect(byNumber.body.Invoices[0].InvoiceID).toBe(invoiceId);
      const unpaged = await contract.call(
        'GET',
        '/Invoices',
        api().getInvoices(tenant, undefined, 'Status=="AUTHORISED" AND Type=="ACCREC"'),
      );
      expect(unpaged.body.Invoices.map((i: { InvoiceID: string }) => i.InvoiceID)).toEqual([
        invoiceId,
      ]);
      expect(unpaged.body.Invoices[0].LineItems).toBeUndefined();
      const paged = await contract.call(
        'GET',
        '/Invoices',
        api().getInvoices(
          tenant,
          undefined,
          undefined,
          'InvoiceNumber DESC',
          undefined,
          undefined,
          undefined,
          ['DRAFT'],
          1,
        ),
      );
      expect(paged.body.pagination).toMatchObject({ page: 1, pageSize: 100, itemCount: 2 });
      expect(paged.body.Invoices[0].LineItems.length).toBeGreaterThan(0);
    });

    it('refuses a bad line and a duplicate invoice number', async () => {
      const refused = await contract.call(
        'PUT',
        '/Invoices',
        api().createInvoices(tenant, {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID: contactId },
              invoiceNumber: 'INV-0001',
              lineItems: [{ description: 'x', quantity: 1, unitAmount: 1, taxType: 'BOGUS' }],
            },
          ],
        }),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.Elements[0].ValidationErrors).toEqual([
        {
          Message:
            "Line item 1: The TaxType code 'BOGUS' does not exist or cannot be used for this type of transaction.",
        },
      ]);
      const duplicate = await contract.call(
        'PUT',
        '/Invoices',
        api().createInvoices(tenant, {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID: contactId },
              invoiceNumber: 'INV-0001',
              lineItems: [{ description: 'x', quantity: 1, unitAmount: 1 }],
            },
          ],
        }),
      );
      expect(duplicate.body.Elements[0].ValidationErrors).toEqual([
        { Message: 'Invoice # must be unique.' },
      ]);
    });

    it('applies partial and full payments, then reverses one', async () => {
      const partial = await contract.call(
        'PUT',
        '/Payments',
        api().createPayments(tenant, {
          payments: [
            {
              invoice: { invoiceID: invoiceId },
              account: { code: '090' },
              amount: 50.02,
              date: '2026-01-20',
              reference: 'part',
            },
          ],
        }),
      );
      expect(partial.body.Payments[0]).toMatchObject({
        Amount: 50.02,
        Status: 'AUTHORISED',
        PaymentType: 'ACCRECPAYMENT',
        Invoice: { InvoiceID: invoiceId },
      });
      let invoice = (
        await contract.call('GET', '/Invoices/{InvoiceID}', api().getInvoice(tenant, invoiceId))
      ).body.Invoices[0];
      expect(invoice).toMatchObject({ Status: 'AUTHORISED', AmountPaid: 50.02, AmountDue: 22 });
      const tooMuch = await contract.call(
        'POST',
        '/Payments',
        api().createPayment(tenant, {
          invoice: { invoiceID: invoiceId },
          account: { code: '090' },
          amount: 22.01,
        }),
      );
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body.Elements[0].ValidationErrors).toEqual([
        { Message: 'Payment amount exceeds the amount outstanding on this document' },
      ]);
      const rest = await contract.call(
        'POST',
        '/Payments',
        api().createPayment(tenant, {
          invoice: { invoiceID: invoiceId },
          account: { code: '090' },
          amount: 22,
        }),
      );
      invoice = (
        await contract.call('GET', '/Invoices/{InvoiceID}', api().getInvoice(tenant, invoiceId))
      ).body.Invoices[0];
      expect(invoice).toMatchObject({ Status: 'PAID', AmountPaid: 72.02, AmountDue: 0 });
      expect(invoice.Payments).toHaveLength(2);
      const listed = await contract.call(
        'GET',
        '/Payments',
        api().getPayments(tenant, undefined, 'Reference=="part"'),
      );
      expect(listed.body.Payments).toHaveLength(1);
      const restId = rest.body.Payments[0].PaymentID;
      const one = await contract.call(
        'GET',
        '/Payments/{PaymentID}',
        api().getPayment(tenant, restId),
      );
      expect(one.body.Payments[0].Amount).toBe(22);
      const reversed = await contract.call(
        'POST',
        '/Payments/{PaymentID}',
        api().deletePayment(tenant, restId, { status: 'DELETED' }),
      );
      expect(reversed.body.Payments[0].Status).toBe('DELETED');
      invoice = (
        await contract.call('GET', '/Invoices/{InvoiceID}', api().getInvoice(tenant, invoiceId))
      ).body.Invoices[0];
      expect(invoice).toMatchObject({ Status: 'AUTHORISED', AmountPaid: 50.02, AmountDue: 22 });
      const again = await contract.call(
        'POST',
        '/Payments/{PaymentID}',
        api().deletePayment(tenant, restId, { status: 'DELETED' }),
      );
      expect(again.status).toBe(400);
    });

    it('voids an AUTHORISED invoice only without payments, deletes only drafts', async () => {
      const paidVoid = await contract.call(
        'POST',
        '/Invoices/{InvoiceID}',
        api().updateInvoice(tenant, invoiceId, {
          invoices: [{ status: Invoice.StatusEnum.VOIDED }],
        }),
      );
      expect(paidVoid.status).toBe(400);
      expect(paidVoid.body.Elements[0].ValidationErrors[0].Message).toBe(
        'This document cannot be voided as it has a payment or credit note allocated to it.',
      );
      const fresh = await contract.call(
        'PUT',
        '/Invoices',
        api().createInvoices(tenant, {
          invoices: [
            {
              type: Invoice.TypeEnum.ACCREC,
              contact: { contactID: contactId },
              status: Invoice.StatusEnum.AUTHORISED,
              lineItems: lines,
            },
            { type: Invoice.TypeEnum.ACCREC, contact: { contactID: contactId }, lineItems: lines },
          ],
        }),
      );
      const [authorised, draft] = fresh.body.Invoices.map(
        (i: { InvoiceID: string }) => i.InvoiceID,
      );
      const deleteAuthorised = await contract.call(
        'POST',
        '/Invoices/{InvoiceID}',
        api().updateInvoice(tenant, authorised, {
          invoices: [{ status: Invoice.StatusEnum.DELETED }],
        }),
      );
      expect(deleteAuthorised.status).toBe(400);
      const voided = await contract.call(
        'POST',
        '/Invoices/{InvoiceID}',
        api().updateInvoice(tenant, authorised, {
          invoices: [{ status: Invoice.StatusEnum.VOIDED }],
        }),
      );
      expect(voided.body.Invoices[0]).toMatchObject({ Status: 'VOIDED' });
      const voidDraft = await contract.call(
        'POST',
        '/Invoices/{InvoiceID}',
        api().updateInvoice(tenant, draft, { invoices: [{ status: Invoice.StatusEnum.VOIDED }] }),
      );
      expect(voidDraft.status).toBe(400);
      const deleted = await contract.call(
        'POST',
        '/Invoices/{InvoiceID}',
        api().updateInvoice(tenant, draft, { invoices: [{ status: Invoice.StatusEnum.DELETED }] }),
      );
      expect(deleted.body.Invoices[0].Status).toBe('DELETED');
      const editDeleted = await contract.call(
        'POST',
        '/Invoices/{InvoiceID}',
        api().updateInvoice(tenant, draft, { invoices: [{ reference: 'late' }] }),
      );
      expect(editDeleted.status).toBe(400);
    });
  });

  it('reads the organisation, its accounts and its tax rates', async () => {
    const organisation = await contract.call(
      'GET',
      '/Organisation',
      api().getOrganisations(tenant),
    );
    expect(organisation.body.Organisations).toEqual([
      expect.objectContaining({ OrganisationID: tenant, BaseCurrency: 'GBP', CountryCode: 'GB' }),
    ]);
    const accounts = await contract.call(
      'GET',
      '/Accounts',
      api().getAccounts(tenant, undefined, 'Type=="BANK"', 'Code DESC'),
    );
    expect(accounts.body.Accounts.map((a: { Code: string }) => a.Code)).toEqual(['091', '090']);
    const rates = await contract.call(
      'GET',
      '/TaxRates',
      api().getTaxRates(tenant, 'TaxType=="OUTPUT2"'),
    );
    expect(rates.body.TaxRates).toEqual([
      expect.objectContaining({ TaxType: 'OUTPUT2', EffectiveRate: 20 }),
    ]);
  });

  it('keeps organisations apart', async () => {
    const other = '7d3f1a2b-0000-4000-8000-00000000abcd';
    const created = await contract.call(
      'PUT',
      '/Contacts',
      api().createContacts(other, { contacts: [{ name: 'Ada Lovelace' }] }),
    );
    expect(created.status).toBe(200);
    const listed = await contract.call('GET', '/Contacts', api().getContacts(other));
    expect(listed.body.Contacts.map((c: { Name: string }) => c.Name)).toEqual(['Ada Lovelace']);
  });

  it('validates for real: the spec refuses what Xero would never send', () => {
    const validator = new XeroSpecValidator();
    expect(
      validator.validate('GET', '/Contacts', 200, { Contacts: [{ ContactID: 'nope' }] }),
    ).not.toEqual([]);
    expect(validator.validate('PUT', '/Invoices', 400, { ErrorNumber: 'ten' })).not.toEqual([]);
    expect(validator.validateWebhook({ events: [] })).not.toEqual([]);
  });

  it('exercised every implemented operation', () => {
    const operations = new Set(
      [...contract.checked].map((entry) => entry.split(' ').slice(0, 2).join(' ')),
    );
    expect([...operations].sort()).toEqual(
      [
        'GET /Contacts',
        'GET /Contacts/{ContactID}',
        'PUT /Contacts',
        'POST /Contacts',
        'POST /Contacts/{ContactID}',
        'GET /Items',
        'GET /Items/{ItemID}',
        'PUT /Items',
        'POST /Items',
        'POST /Items/{ItemID}',
        'GET /Invoices',
        'GET /Invoices/{InvoiceID}',
        'PUT /Invoices',
        'POST /Invoices',
        'POST /Invoices/{InvoiceID}',
        'GET /Organisation',
        'GET /Accounts',
        'GET /TaxRates',
        'GET /Payments',
        'GET /Payments/{PaymentID}',
        'PUT /Payments',
        'POST /Payments',
        'POST /Payments/{PaymentID}',
      ].sort(),
    );
  });
});

async function outcomeStatus(call: Promise<{ response: { status: number } }>): Promise<number> {
  try {
    return (await call).response.status;
  } catch (error) {
    return (JSON.parse(String(error)) as { response: { statusCode: number } }).response.statusCode;
  }
}
