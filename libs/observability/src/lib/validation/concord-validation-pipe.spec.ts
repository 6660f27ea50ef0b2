import { ValidationError } from '@concord/errors';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';

import { concordValidationPipe } from './concord-validation-pipe';

class AddressDto {
  @IsString()
  @Length(2, 2)
  country!: string;
}

class LineDto {
  @IsInt()
  @Min(1)
  quantity!: number;
}

class CreateInvoiceDto {
  @IsString()
  customerId!: string;

  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

async function rejection(value: unknown): Promise<ValidationError> {
  const error = await concordValidationPipe()
    .transform(value, { type: 'body', metatype: CreateInvoiceDto })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('concordValidationPipe', () => {
  it('names every offending field by its path, nested objects and array items included', async () => {
    const error = await rejection({
      customerId: 42,
      address: { country: 'Germany' },
      lines: [{ quantity: 1 }, { quantity: 0 }],
    });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.fields.map((f) => f.field)).toEqual([
      'customerId',
      'address.country',
      'lines.1.quantity',
    ]);
    expect(error.fields[2]?.message).toContain('quantity must not be less than 1');
    expect(error.message).toBe('Invalid input: customerId, address.country, lines.1.quantity');
    expect(error.details).toEqual({ fields: error.fields });
  });

  it('names unknown fields, top-level and nested, as offending', async () => {
    const error = await rejection({
      customerId: 'cus_1',
      address: { country: 'DE', planet: 'Earth' },
      lines: [],
      isAdmin: true,
    });
    expect(error.fields.map((f) => f.field).sort()).toEqual(['address.planet', 'isAdmin']);
  });

  it('returns an instance of the DTO class for valid input', async () => {
    const value = await concordValidationPipe().transform(
      { customerId: 'cus_1', address: { country: 'DE' }, lines: [{ quantity: 2 }] },
      { type: 'body', metatype: CreateInvoiceDto },
    );
    expect(value).toBeInstanceOf(CreateInvoiceDto);
    expect((value as CreateInvoiceDto).lines[0]).toBeInstanceOf(LineDto);
  });

  it('refuses control characters in any string, keys included, naming each field', async () => {
    const error = await rejection({
      customerId: 'cus\u00001',
      address: { country: 'D\u001bE' },
      lines: [{ quantity: 1, note: 'bell\u0007' }],
      metadata: { 'k\u0001': 'v' },
    });
    expect(error.fields.map((f) => f.field)).toEqual([
      'address.country',
      'customerId',
      'lines.0.note',
      'metadata.k\\u0001',
    ]);
    expect(error.fields[1]?.message).toContain(
      'must not contain control characters (found U+0000)',
    );
  });

  it('keeps tab, line feed and carriage return, and checks query and path parameters too', async () => {
    const value = await concordValidationPipe().transform(
      { customerId: 'a\tb\r\nc', address: { country: 'DE' }, lines: [] },
      { type: 'body', metatype: CreateInvoiceDto },
    );
    expect((value as CreateInvoiceDto).customerId).toBe('a\tb\r\nc');
    const param = await concordValidationPipe()
      .transform('x\u0000', { type: 'param', data: 'id', metatype: String })
      .catch((e: unknown) => e);
    expect((param as ValidationError).fields).toEqual([
      { field: 'id', message: expect.stringContaining('U+0000') },
    ]);
  });

  it('refuses a value nested deeper than the limit, at any depth, without recursing', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const error = await rejection({ customerId: 'c', address: { country: 'DE' }, lines: deep });
    expect(error.fields).toEqual([
      { field: 'lines', message: 'must not nest objects or arrays more than 32 levels deep' },
    ]);
    let justDeepEnough: unknown = {};
    for (let i = 0; i < 30; i += 1) justDeepEnough = { a: justDeepEnough };
    await expect(
      concordValidationPipe().transform(justDeepEnough, { type: 'body', metatype: Object }),
    ).resolves.toBe(justDeepEnough);
  });

  it('refuses any array longer than the request limit before the DTO checks its items', async () => {
    const lines = Array.from({ length: 100_000 }, (_, quantity) => ({ quantity }));
    const error = await rejection({ customerId: 'c', address: { country: 'DE' }, lines });
    expect(error.fields).toEqual([
      { field: 'lines', message: 'must have at most 1000 items (has 100000)' },
    ]);
  });
});
