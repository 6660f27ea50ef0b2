type SchemaNode = Record<string, unknown>;

/**
 * An OpenAPI 3.0 document made valid JSON Schema for ajv, throughout: `nullable: true` becomes
 * `type: [t, 'null']` (with `null` added to an `enum`), or `anyOf: [schema, {type: 'null'}]` for a
 * schema without a single type. The simulators' contract tests validate responses with it.
 */
export function openApiNullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiNullableToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const converted: SchemaNode = {};
  for (const [key, value] of Object.entries(node as SchemaNode))
    converted[key] = openApiNullableToJsonSchema(value);
  if (converted['nullable'] !== true) return converted;
  delete converted['nullable'];
  if (typeof converted['type'] === 'string') {
    converted['type'] = [converted['type'], 'null'];
    if (Array.isArray(converted['enum'])) converted['enum'] = [...converted['enum'], null];
    return converted;
  }
  const { description, ...schema } = converted;
  return {
    ...(description === undefined ? {} : { description }),
    anyOf: [schema, { type: 'null' }],
  };
}
