import {
  CloneType,
  type SchemaOptions,
  type TLiteral,
  type TNull,
  type TSchema,
  type TUnion,
  Type,
} from '@sinclair/typebox';

/** `T | null`: fields that are always present but may be empty use this, never optionality. */
export function Nullable<T extends TSchema>(schema: T, description?: string): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()], description === undefined ? {} : { description });
}

/** One of a fixed list of strings, typed as the union of those strings. */
export function LiteralUnion<const V extends readonly string[]>(
  values: V,
  options: SchemaOptions = {},
): TUnion<TLiteral<V[number]>[]> {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  ) as TUnion<TLiteral<V[number]>[]>;
}

/** The same schema with a field-specific description (the generated docs show it per field). */
export function described<T extends TSchema>(schema: T, description: string): T {
  return CloneType(schema, { description });
}

/** Objects in the model are closed: an unknown field is a mapping mistake, not an extension. */
export const closed = { additionalProperties: false } as const;
