import { TSchema, Type } from '@sinclair/typebox';

import { checkCompatibility, findBreakingChanges } from './compatibility';
import { JsonSchema } from './json-schema-shape';

const asJson = (schema: TSchema): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;

const customerV1 = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  nickname: Type.Optional(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('archived')]),
  address: Type.Object({ city: Type.String(), country: Type.String() }),
  lines: Type.Array(Type.Object({ quantity: Type.Integer() })),
});

function kinds(current: TSchema): string[] {
  return findBreakingChanges('customer', asJson(customerV1), asJson(current)).map(
    (c) => `${c.kind} ${c.path}`,
  );
}

function variant(changes: Partial<Record<string, TSchema>>, drop: string[] = []): TSchema {
  const properties: Record<string, TSchema> = { ...customerV1.properties, ...changes } as Record<
    string,
    TSchema
  >;
  for (const name of drop) delete properties[name];
  return Type.Object(properties);
}

describe('compatibility gate for .v1 payloads', () => {
  it('accepts an identical schema', () => {
    expect(kinds(customerV1)).toEqual([]);
  });

  it('accepts an added optional field', () => {
    expect(kinds(variant({ loyaltyTier: Type.Optional(Type.String()) }))).toEqual([]);
  });

  it('accepts an added allowed value', () => {
    expect(
      kinds(
        variant({
          status: Type.Union([
            Type.Literal('active'),
            Type.Literal('archived'),
            Type.Literal('merged'),
          ]),
        }),
      ),
    ).toEqual([]);
  });

  it('fails a removed field', () => {
    expect(kinds(variant({}, ['name']))).toEqual(['field-removed name']);
  });

  it('fails a retyped field', () => {
    expect(kinds(variant({ name: Type.Number() }))).toEqual(['field-retyped name']);
  });

  it('fails a nullable field that became non-null', () => {
    expect(kinds(variant({ email: Type.String() }))).toEqual(['field-retyped email']);
  });

  it('fails an optional field made required', () => {
    expect(kinds(variant({ nickname: Type.String() }))).toEqual(['field-became-required nickname']);
  });

  it('fails a required field made optional', () => {
    expect(kinds(variant({ name: Type.Optional(Type.String()) }))).toEqual([
      'field-became-optional name',
    ]);
  });

  it('fails a new required field', () => {
    expect(kinds(variant({ segment: Type.String() }))).toEqual(['required-field-added segment']);
  });

  it('fails a removed allowed value', () => {
    expect(kinds(variant({ status: Type.Literal('active') }))).toEqual(['value-removed status']);
  });

  it('names the path of a nested change', () => {
    expect(kinds(variant({ address: Type.Object({ country: Type.String() }) }))).toEqual([
      'field-removed address.city',
    ]);
    expect(kinds(variant({ lines: Type.Array(Type.Object({ quantity: Type.String() })) }))).toEqual(
      ['field-retyped lines[].quantity'],
    );
  });

  it('pairs union variants by their discriminator', () => {
    const v1 = Type.Union([
      Type.Object({ kind: Type.Literal('cursor'), cursor: Type.String() }),
      Type.Object({ kind: Type.Literal('link'), externalId: Type.String() }),
    ]);
    const reordered = Type.Union([
      Type.Object({ kind: Type.Literal('link'), externalId: Type.String() }),
      Type.Object({
        kind: Type.Literal('cursor'),
        cursor: Type.String(),
        note: Type.Optional(Type.String()),
      }),
    ]);
    const broken = Type.Union([
      Type.Object({ kind: Type.Literal('cursor'), cursor: Type.Integer() }),
      Type.Object({ kind: Type.Literal('link'), externalId: Type.String() }),
    ]);
    expect(findBreakingChanges('state', asJson(v1), asJson(reordered))).toEqual([]);
    expect(findBreakingChanges('state', asJson(v1), asJson(broken)).map((c) => c.path)).toEqual([
      '<kind="cursor">.cursor',
    ]);
  });

  it('fails a released schema that no longer exists', () => {
    const result = checkCompatibility({ 'concord.a.v1': asJson(customerV1) }, {});
    expect(result).toEqual([
      expect.objectContaining({ schemaId: 'concord.a.v1', kind: 'schema-removed' }),
    ]);
  });
});
