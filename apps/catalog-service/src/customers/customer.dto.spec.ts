import { ValidationError } from '@concord/errors';
import { concordValidationPipe } from '@concord/observability';

import { CreateCustomerDto, CustomerListQueryDto, UpdateCustomerDto } from './customer.dto';

async function fieldsRefused(
  metatype: new () => object,
  value: unknown,
  type: 'body' | 'query' = 'body',
) {
  try {
    await concordValidationPipe().transform(value, { type, metatype });
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.fields.map((field) => field.field).sort();
  }
}

describe('customer DTOs', () => {
  it('accept a full customer and a minimal one', async () => {
    expect(
      await fieldsRefused(CreateCustomerDto, {
        name: 'Ada',
        email: 'ada@example.com',
        phone: null,
        address: { line1: '1 Row', line2: 'Flat 2', postalCode: 'N1', country: 'GB' },
        currency: 'JPY',
        metadata: { tier: 'gold' },
      }),
    ).toEqual([]);
    expect(await fieldsRefused(CreateCustomerDto, { name: 'Ada' })).toEqual([]);
  });

  it('name every offending field, nested and unknown ones included', async () => {
    expect(
      await fieldsRefused(CreateCustomerDto, {
        email: 'ada@',
        address: { line2: null, country: 'gb', extra: 1 },
        currency: 'EURO',
        metadata: { ['k'.repeat(41)]: 'v' },
        surname: 'Lovelace',
      }),
    ).toEqual(
      [
        'address.country',
        'address.extra',
        'address.line1',
        'address.line2',
        'currency',
        'email',
        'metadata',
        'name',
        'surname',
      ].sort(),
    );
  });

  it('let an update clear nullable fields but not the name or metadata', async () => {
    expect(await fieldsRefused(UpdateCustomerDto, { email: null, address: null })).toEqual([]);
    expect(await fieldsRefused(UpdateCustomerDto, { name: null, metadata: null })).toEqual([
      'metadata',
      'name',
    ]);
  });

  it('validate list parameters', async () => {
    expect(
      await fieldsRefused(CustomerListQueryDto, { limit: '0', includeDeleted: 'maybe' }, 'query'),
    ).toEqual(['includeDeleted', 'limit']);
    expect(
      await fieldsRefused(
        CustomerListQueryDto,
        { limit: '100', includeDeleted: 'true', updatedSince: '2025-01-01T00:00:00Z' },
        'query',
      ),
    ).toEqual([]);
  });
});
