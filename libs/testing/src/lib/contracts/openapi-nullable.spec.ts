import { openApiNullableToJsonSchema } from './openapi-nullable';

describe('openApiNullableToJsonSchema', () => {
  it('turns nullable typed schemas and enums into JSON Schema unions, at any depth', () => {
    expect(
      openApiNullableToJsonSchema({
        properties: {
          name: { type: 'string', nullable: true },
          status: { type: 'string', enum: ['a', 'b'], nullable: true },
          items: [{ type: 'integer' }],
        },
      }),
    ).toEqual({
      properties: {
        name: { type: ['string', 'null'] },
        status: { type: ['string', 'null'], enum: ['a', 'b', null] },
        items: [{ type: 'integer' }],
      },
    });
  });

  it('wraps a nullable schema without a single type in anyOf, keeping its description', () => {
    expect(
      openApiNullableToJsonSchema({
        description: 'the customer',
        $ref: '#/components/schemas/customer',
        nullable: true,
      }),
    ).toEqual({
      description: 'the customer',
      anyOf: [{ $ref: '#/components/schemas/customer' }, { type: 'null' }],
    });
  });
});
