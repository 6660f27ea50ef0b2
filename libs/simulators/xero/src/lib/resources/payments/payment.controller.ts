import { calendarDate, msDate, msDateOfDay } from '../../http/ms-date';
import { XeroApiError } from '../../http/xero-api.error';
import { XeroRequestContext, XeroResult, XeroRoute } from '../../http/xero-route';
import { moneyNumber } from '../../money/unit-dp';
import { Organisation } from '../../organisations/organisation';
import { InvoiceRecord, PaymentRecord } from '../../organisations/xero-records';
import { batchWrite, readBatch, RecordWriter } from '../batch-write';
import { invoiceBalance } from '../invoices/invoice-amounts';
import { listRecords } from '../list-records';
import { RecordInput } from '../record-input';
import { RecordValidationError } from '../record-validation.error';

export const PAYMENT_FIELDS: ReadonlySet<string> = new Set([
  'PaymentID',
  'Status',
  'Date',
  'Amount',
  'Reference',
  'PaymentType',
  'UpdatedDateUTC',
  'Invoice.InvoiceID',
  'Invoice.InvoiceNumber',
]);

/**
 * `/Payments`: applying a payment to an AUTHORISED invoice lowers its AmountDue (PAID at zero);
 * `POST /Payments/{id}` with `Status: DELETED` reverses it and the invoice is AUTHORISED again.
 */
export class PaymentController implements RecordWriter {
  readonly collection = 'Payments';
  readonly errorFlag = 'HasValidationErrors';

  routes(): XeroRoute[] {
    return [
      { method: 'GET', pattern: '/Payments', handle: (context) => this.list(context) },
      { method: 'GET', pattern: '/Payments/:id', handle: (context) => this.get(context) },
      {
        method: 'PUT',
        pattern: '/Payments',
        handle: (context) => batchWrite(context, this, 'create'),
      },
      {
        method: 'POST',
        pattern: '/Payments',
        handle: (context) => batchWrite(context, this, 'create'),
      },
      { method: 'POST', pattern: '/Payments/:id', handle: (context) => this.remove(context) },
    ];
  }

  write(raw: Record<string, unknown>, context: XeroRequestContext): Record<string, unknown> {
    const { org } = context;
    const input = new RecordInput(raw);
    if (input.has('PaymentID')) {
      throw new RecordValidationError([
        'A payment cannot be changed; delete it and apply a new one',
      ]);
    }
    const invoice = findInvoice(org, input.object('Invoice'));
    const accountRef = input.object('Account');
    const account = accountRef
      ? org.account(
          typeof accountRef['Code'] === 'string' ? accountRef['Code'] : undefined,
          typeof accountRef['AccountID'] === 'string'
            ? accountRef['AccountID'].toLowerCase()
            : undefined,
        )
      : undefined;
    const amount = input.decimal('Amount', 2);
    const dateValue = input.raw['Date'];
    const date =
      dateValue === undefined
        ? new Date(context.now).toISOString().slice(0, 10)
        : calendarDate(dateValue);
    const reference = input.string('Reference', 255);
    if (!invoice)
      input.fail('An Invoice (InvoiceID or InvoiceNumber) of this organisation must be specified');
    else if (invoice.Status !== 'AUTHORISED') {
      input.fail(
        `Payments can only be applied to AUTHORISED invoices; this invoice is ${invoice.Status}`,
      );
    }
    if (!account) input.fail('An Account (Code or AccountID) must be specified');
    else if (account.Type !== 'BANK') input.fail(`Account ${account.Code} is not a bank account`);
    if (!amount) input.fail('Amount must be specified');
    else if (amount.isZero() || amount.isNegative()) input.fail('Amount must be greater than zero');
    if (!date) input.fail(`Date '${String(dateValue)}' is not a valid date`);
    if (invoice && amount && invoice.Status === 'AUTHORISED') {
      if (amount.compare(invoiceBalance(org, invoice).amountDue) > 0) {
        input.fail('Payment amount exceeds the amount outstanding on this document');
      }
    }
    input.check();
    const target = invoice as InvoiceRecord;
    const payment: PaymentRecord = {
      PaymentID: context.ids.uuid(),
      InvoiceID: target.InvoiceID,
      AccountCode: account?.Code ?? '',
      Date: date as string,
      Amount: amount?.round(2).toString() ?? '0',
      ...(reference === undefined ? {} : { Reference: reference }),
      Status: 'AUTHORISED',
      updatedAt: context.now,
    };
    org.payments.set(payment.PaymentID, payment);
    const updated: InvoiceRecord = {
      ...target,
      PaymentIDs: [...target.PaymentIDs, payment.PaymentID],
      updatedAt: context.now,
    };
    if (invoiceBalance(org, updated).amountDue.isZero()) {
      updated.Status = 'PAID';
      updated.FullyPaidOnDate = payment.Date;
    }
    org.invoices.set(updated.InvoiceID, updated);
    context.events.record('INVOICE', 'UPDATE', updated.InvoiceID, context.now);
    return renderPayment(org, payment);
  }

  private list(context: XeroRequestContext): XeroResult {
    const payments = [...context.org.payments.values()].map((payment) =>
      renderPayment(context.org, payment),
    );
    return listRecords(
      context,
      {
        typeName: 'Payment',
        collection: 'Payments',
        fields: PAYMENT_FIELDS,
        idField: 'PaymentID',
        filtersByIds: false,
        paged: true,
      },
      payments,
    );
  }

  private get(context: XeroRequestContext): XeroResult {
    return { collection: 'Payments', records: [renderPayment(context.org, this.find(context))] };
  }

  private remove(context: XeroRequestContext): XeroResult {
    const payment = this.find(context);
    const [request] = readBatch(context.body, 'Payments', 1);
    if (String(request['Status']).toUpperCase() !== 'DELETED') {
      throw XeroApiError.validation([
        {
          PaymentID: payment.PaymentID,
          ValidationErrors: [{ Message: 'Only Status DELETED can be set on an existing payment' }],
        },
      ]);
    }
    if (payment.Status === 'DELETED') {
      throw XeroApiError.validation([
        {
          PaymentID: payment.PaymentID,
          ValidationErrors: [{ Message: 'This payment has already been deleted' }],
        },
      ]);
    }
    const { org } = context;
    const deleted: PaymentRecord = { ...payment, Status: 'DELETED', updatedAt: context.now };
    org.payments.set(deleted.PaymentID, deleted);
    const invoice = org.invoices.get(payment.InvoiceID);
    if (invoice) {
      const { FullyPaidOnDate: _paidOn, ...rest } = invoice;
      org.invoices.set(invoice.InvoiceID, {
        ...rest,
        Status: invoice.Status === 'PAID' ? 'AUTHORISED' : invoice.Status,
        updatedAt: context.now,
      });
      context.events.record('INVOICE', 'UPDATE', invoice.InvoiceID, context.now);
    }
    return { collection: 'Payments', records: [renderPayment(org, deleted)] };
  }

  private find(context: XeroRequestContext): PaymentRecord {
    const payment = context.org.payments.get(context.pathParams['id'].toLowerCase());
    if (!payment) throw XeroApiError.notFound();
    return payment;
  }
}

function findInvoice(
  org: Organisation,
  ref: Record<string, unknown> | undefined,
): InvoiceRecord | undefined {
  if (!ref) return undefined;
  if (typeof ref['InvoiceID'] === 'string') return org.invoices.get(ref['InvoiceID'].toLowerCase());
  if (typeof ref['InvoiceNumber'] === 'string') {
    return [...org.invoices.values()].find(
      (invoice) => invoice.InvoiceNumber === ref['InvoiceNumber'],
    );
  }
  return undefined;
}

export function renderPayment(org: Organisation, payment: PaymentRecord): Record<string, unknown> {
  const invoice = org.invoices.get(payment.InvoiceID);
  const account = org.account(payment.AccountCode, undefined);
  const contact = invoice ? org.contacts.get(invoice.ContactID) : undefined;
  return {
    PaymentID: payment.PaymentID,
    Date: msDateOfDay(payment.Date),
    Amount: moneyNumber(payment.Amount),
    BankAmount: moneyNumber(payment.Amount),
    ...(payment.Reference === undefined ? {} : { Reference: payment.Reference }),
    CurrencyRate: 1,
    PaymentType: invoice?.Type === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT',
    Status: payment.Status,
    IsReconciled: false,
    HasAccount: true,
    HasValidationErrors: false,
    UpdatedDateUTC: msDate(payment.updatedAt),
    Account: account ? { AccountID: account.AccountID, Code: account.Code } : {},
    Invoice: invoice
      ? {
          InvoiceID: invoice.InvoiceID,
          InvoiceNumber: invoice.InvoiceNumber,
          Type: invoice.Type,
          CurrencyCode: invoice.CurrencyCode,
          ...(contact ? { Contact: { ContactID: contact.ContactID, Name: contact.Name } } : {}),
        }
      : {},
  };
}
