import { inProcessClient } from '../../../../test/in-process-stripe';
import { createStripeSimulator, StripeSimulator } from '../../stripe-simulator';
import { InvoiceStatus } from '../stripe-objects';
import { INVOICE_TRANSITIONS } from './invoice-lifecycle';
import { computeInvoiceTotals } from './invoice-totals';

describe('invoice totals', () => {
  const item = (amount: number) =>
    ({ amount }) as Parameters<typeof computeInvoiceTotals>[0][number];

  it('sums lines into subtotal, total and amount due', () => {
    expect(computeInvoiceTotals([item(1000), item(250)], false)).toEqual({
      subtotal: 1250,
      total: 1250,
      amount_due: 1250,
      amount_paid: 0,
      amount_remaining: 1250,
    });
  });

  it('moves the amount due to paid once paid', () => {
    expect(computeInvoiceTotals([item(1000)], true)).toMatchObject({
      amount_paid: 1000,
      amount_remaining: 0,
    });
  });

  it('leaves nothing due for a credit', () => {
    expect(computeInvoiceTotals([item(500), item(-800)], false)).toMatchObject({
      subtotal: -300,
      total: -300,
      amount_due: 0,
    });
  });
});

describe('invoice state machine', () => {
  let simulator: StripeSimulator;
  let call: ReturnType<typeof inProcessClient>;
  let customer: string;

  beforeEach(async () => {
    simulator = createStripeSimulator({ seed: 7 });
    call = inProcessClient(simulator);
    customer = (await call('POST', '/v1/customers', { email: 'bill@example.com' })).body.id;
  });

  afterEach(() => simulator.close());

  const invoiceIn = async (status: InvoiceStatus, amount = 1000): Promise<string> => {
    const id = (await call('POST', '/v1/invoices', { customer })).body.id;
    await call('POST', '/v1/invoiceitems', { customer, invoice: id, amount, currency: 'usd' });
    if (status === 'draft') return id;
    await call('POST', `/v1/invoices/${id}/finalize`);
    if (status === 'paid') await call('POST', `/v1/invoices/${id}/pay`);
    if (status === 'void') await call('POST', `/v1/invoices/${id}/void`);
    if (status === 'uncollectible') await call('POST', `/v1/invoices/${id}/mark_uncollectible`);
    return id;
  };

  const act = (id: string, action: string) =>
    action === 'delete'
      ? call('DELETE', `/v1/invoices/${id}`)
      : call('POST', `/v1/invoices/${id}/${action}`);

  const statuses: InvoiceStatus[] = ['draft', 'open', 'paid', 'uncollectible', 'void'];
  const cases = Object.entries(INVOICE_TRANSITIONS).flatMap(([action, from]) =>
    statuses.map((status) => [action, status, from.includes(status)] as const),
  );

  it.each(cases)('%s from %s is allowed: %s', async (action, status, allowed) => {
    const id = await invoiceIn(status);
    const response = await act(id, action);
    if (allowed) {
      expect(response.status).toBe(200);
    } else {
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        type: 'invalid_request_error',
        code: 'invoice_not_editable',
      });
      expect((await call('GET', `/v1/invoices/${id}`)).body.status).toBe(status);
    }
  });

  it('records the transition times, the number and the events', async () => {
    const id = await invoiceIn('draft');
    const open = (await call('POST', `/v1/invoices/${id}/finalize`)).body;
    expect(open.number).toMatch(/^[0-9A-F]{8}-0001$/);
    expect(open.status_transitions.finalized_at).toEqual(expect.any(Number));
    const paid = (await call('POST', `/v1/invoices/${id}/pay`)).body;
    expect(paid).toMatchObject({
      status: 'paid',
      paid: true,
      paid_out_of_band: false,
      attempted: true,
      amount_paid: 1000,
    });
    const second = (await call('POST', `/v1/invoices/${await invoiceIn('draft')}/finalize`)).body;
    expect(second.number).toMatch(/-0002$/);
    const types = (
      await call('GET', '/v1/events', { type: 'invoice.*', limit: 100 })
    ).body.data.map((event: { type: string }) => event.type);
    expect(types.reverse()).toEqual([
      'invoice.created',
      'invoice.updated',
      'invoice.finalized',
      'invoice.paid',
      'invoice.created',
      'invoice.updated',
      'invoice.finalized',
    ]);
  });

  it('pays a draft by finalizing it first, and a zero-amount invoice on finalization', async () => {
    const draft = await invoiceIn('draft');
    expect(
      (await call('POST', `/v1/invoices/${draft}/pay`, { paid_out_of_band: true })).body,
    ).toMatchObject({
      status: 'paid',
      paid_out_of_band: true,
    });
    const empty = (await call('POST', '/v1/invoices', { customer })).body.id;
    expect((await call('POST', `/v1/invoices/${empty}/finalize`)).body).toMatchObject({
      status: 'paid',
      total: 0,
    });
  });

  it('locks a finalized invoice except for metadata, description, footer and auto_advance', async () => {
    const id = await invoiceIn('open');
    expect(
      (await call('POST', `/v1/invoices/${id}`, { metadata: { po: '7' }, description: 'x' }))
        .status,
    ).toBe(200);
    const refused = await call('POST', `/v1/invoices/${id}`, {
      collection_method: 'send_invoice',
      days_until_due: 3,
    });
    expect(refused.status).toBe(400);
    const added = await call('POST', '/v1/invoiceitems', {
      customer,
      invoice: id,
      amount: 5,
      currency: 'usd',
    });
    expect(added.body.error.code).toBe('invoice_not_editable');
  });

  it('pulls pending items only when asked (2023-08-16 defaults to exclude)', async () => {
    await call('POST', '/v1/invoiceitems', { customer, amount: 700, currency: 'usd' });
    const excluded = (await call('POST', '/v1/invoices', { customer })).body;
    expect(excluded.lines.data).toEqual([]);
    const included = (
      await call('POST', '/v1/invoices', { customer, pending_invoice_items_behavior: 'include' })
    ).body;
    expect(included.total).toBe(700);
    const nothing = await call('POST', '/v1/invoices', {
      customer,
      pending_invoice_items_behavior: 'include_and_require',
    });
    expect(nothing.body.error.code).toBe('invoice_no_customer_line_items');
  });

  it('returns the items of a deleted draft to pending', async () => {
    const id = await invoiceIn('draft');
    await call('DELETE', `/v1/invoices/${id}`);
    const pending = (await call('GET', '/v1/invoiceitems', { pending: true })).body.data;
    expect(pending).toHaveLength(1);
    expect(pending[0].invoice).toBeNull();
  });

  it('keeps one currency per customer', async () => {
    await call('POST', '/v1/invoiceitems', { customer, amount: 100, currency: 'usd' });
    expect((await call('GET', `/v1/customers/${customer}`)).body.currency).toBe('usd');
    const euro = await call('POST', '/v1/invoiceitems', { customer, amount: 100, currency: 'eur' });
    expect(euro.status).toBe(400);
    expect(euro.body.error.param).toBe('currency');
    const invoice = await call('POST', '/v1/invoices', { customer, currency: 'eur' });
    expect(invoice.status).toBe(400);
  });
});
