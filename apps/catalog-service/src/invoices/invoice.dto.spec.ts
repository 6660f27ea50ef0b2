import { ValidationError } from '@concord/errors';
import { concordValidationPipe } from '@concord/observability';

import { CreateInvoiceDto } from './invoice.dto';

async function fieldsRefused(value: unknown): Promise<string[]> {
  try {
    await concordValidationPipe().transform(value, { type: 'body', metatype: CreateInvoiceDto });
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.fields.map((field) => field.field).sort();
  }
}

const valid = {
  customerId: '3b0f7a8e-0c1d-4e5f-9a6b-7c8d9e0f1a2b',
  number: 'INV-1',
  currency: 'KWD',
  issueDate: '2024-02-29',
  lines: [{ description: 'Fils', quantity: 2, unitAmount: 1500 }],
};

describe('CreateInvoiceDto', () => {
  it('accepts an invoice without totals', async () => {
    expect(await fieldsRefused(valid)).toEqual([]);
  });

  it('refuses client totals, impossible dates and bad lines by path', async () => {
    expect(
      await fieldsRefused({
        ...valid,
        issueDate: '2025-02-29',
        dueDate: '2025-13-01',
        total: 3000,
        lines: [
          { description: 'ok', quantity: 1, unitAmount: 1 },
          { description: 'x'.repeat(501), quantity: 1.5, unitAmount: 2 ** 53, amount: 1 },
        ],
      }),
    ).toEqual([
      'dueDate',
      'issueDate',
      'lines.1.amount',
      'lines.1.description',
      'lines.1.quantity',
      'lines.1.unitAmount',
      'total',
    ]);
  });

  it('requires lines as an array', async () => {
    expect(await fieldsRefused({ ...valid, lines: 'none' })).toEqual(['lines']);
  });
});
