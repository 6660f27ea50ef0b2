/** The subset of JSON Schema the compatibility gate reads (TypeBox emits plain JSON Schema). */
export interface JsonSchema {
  $id?: string;
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

/** What a schema node accepts, flattened: its JSON types, enumerated values, and object/array parts. */
export interface SchemaShape {
  types: Set<string>;
  values: unknown[] | undefined;
  properties: Map<string, { schema: JsonSchema; required: boolean }>;
  items: JsonSchema | undefined;
  variants: JsonSchema[];
}

export function resolveRef(schema: JsonSchema, definitions: Map<string, JsonSchema>): JsonSchema {
  let current = schema;
  const seen = new Set<string>();
  while (current.$ref && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const target = definitions.get(current.$ref);
    if (!target) return current;
    current = target;
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return Number.isInteger(value) ? 'integer' : typeof value;
}

export function shapeOf(input: JsonSchema, definitions: Map<string, JsonSchema>): SchemaShape {
  const schema = resolveRef(input, definitions);
  const shape: SchemaShape = {
    types: new Set(),
    values: undefined,
    properties: new Map(),
    items: undefined,
    variants: [],
  };
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const resolved = branches.map((b) => resolveRef(b, definitions));
    const allConst = resolved.every((b) => 'const' in b || Array.isArray(b.enum));
    if (allConst) {
      shape.values = resolved.flatMap((b) => ('const' in b ? [b.const] : (b.enum as unknown[])));
      for (const value of shape.values) shape.types.add(typeOf(value));
      return shape;
    }
    for (const branch of resolved) {
      const inner = shapeOf(branch, definitions);
      inner.types.forEach((t) => shape.types.add(t));
      if (inner.types.has('object') || inner.types.has('array')) shape.variants.push(branch);
    }
    if (shape.variants.length === 1) {
      const only = shapeOf(shape.variants[0], definitions);
      shape.properties = only.properties;
      shape.items = only.items;
      shape.variants = [];
    }
    return shape;
  }
  if (schema.allOf) {
    for (const part of schema.allOf) {
      const inner = shapeOf(part, definitions);
      inner.types.forEach((t) => shape.types.add(t));
      inner.properties.forEach((v, k) => shape.properties.set(k, v));
    }
    return shape;
  }
  if ('const' in schema) shape.values = [schema.const];
  else if (Array.isArray(schema.enum)) shape.values = schema.enum;
  const declared =
    schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  declared.forEach((t) => shape.types.add(t));
  if (shape.values && declared.length === 0)
    shape.values.forEach((v) => shape.types.add(typeOf(v)));
  if (schema.properties) {
    shape.types.add('object');
    const required = new Set(schema.required ?? []);
    for (const [name, property] of Object.entries(schema.properties)) {
      shape.properties.set(name, { schema: property, required: required.has(name) });
    }
  }
  if (schema.items) shape.items = schema.items;
  return shape;
}
