import { JsonSchema, SchemaShape, shapeOf } from './json-schema-shape';

export type BreakingChangeKind =
  | 'field-removed'
  | 'field-retyped'
  | 'field-became-required'
  | 'field-became-optional'
  | 'required-field-added'
  | 'value-removed'
  | 'schema-removed';

export interface BreakingChange {
  schemaId: string;
  path: string;
  kind: BreakingChangeKind;
  detail: string;
}

const sameTypes = (a: Set<string>, b: Set<string>): boolean => {
  // `integer` is a kind of `number` in JSON Schema; keep them distinct, a consumer may rely on it.
  return a.size === b.size && [...a].every((t) => b.has(t));
};

const describeTypes = (types: Set<string>): string => [...types].sort().join('|') || 'any';

/**
 * Compares a released message schema with the current one under the project's policy for `.v1`
 * topics: removing or retyping a field, making an optional field required (or a required one
 * optional), adding a required field, or dropping an allowed value breaks consumers; adding an
 * optional field (or a new allowed value) does not.
 */
export function findBreakingChanges(
  schemaId: string,
  released: JsonSchema,
  current: JsonSchema,
  definitions: { released?: Map<string, JsonSchema>; current?: Map<string, JsonSchema> } = {},
): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const releasedDefs = definitions.released ?? new Map();
  const currentDefs = definitions.current ?? new Map();

  const compare = (path: string, before: JsonSchema, after: JsonSchema, depth: number): void => {
    if (depth > 32) return;
    const a = shapeOf(before, releasedDefs);
    const b = shapeOf(after, currentDefs);
    if (a.types.size > 0 && b.types.size > 0 && !sameTypes(a.types, b.types)) {
      changes.push({
        schemaId,
        path,
        kind: 'field-retyped',
        detail: `type ${describeTypes(a.types)} became ${describeTypes(b.types)}`,
      });
      return;
    }
    if (a.values && b.values) {
      const kept = new Set(b.values.map((v) => JSON.stringify(v)));
      for (const value of a.values) {
        if (!kept.has(JSON.stringify(value))) {
          changes.push({
            schemaId,
            path,
            kind: 'value-removed',
            detail: `value ${JSON.stringify(value)} is no longer allowed`,
          });
        }
      }
    }
    compareProperties(path, a, b, depth);
    if (a.items && b.items) compare(`${path}[]`, a.items, b.items, depth + 1);
    compareVariants(path, a, b, depth);
  };

  const compareProperties = (path: string, a: SchemaShape, b: SchemaShape, depth: number): void => {
    for (const [name, was] of a.properties) {
      const fieldPath = path ? `${path}.${name}` : name;
      const now = b.properties.get(name);
      if (!now) {
        changes.push({
          schemaId,
          path: fieldPath,
          kind: 'field-removed',
          detail: 'the field was removed',
        });
        continue;
      }
      if (!was.required && now.required) {
        changes.push({
          schemaId,
          path: fieldPath,
          kind: 'field-became-required',
          detail: 'an optional field became required',
        });
      }
      if (was.required && !now.required) {
        changes.push({
          schemaId,
          path: fieldPath,
          kind: 'field-became-optional',
          detail: 'a required field became optional',
        });
      }
      compare(fieldPath, was.schema, now.schema, depth + 1);
    }
    for (const [name, now] of b.properties) {
      if (!a.properties.has(name) && now.required) {
        const fieldPath = path ? `${path}.${name}` : name;
        changes.push({
          schemaId,
          path: fieldPath,
          kind: 'required-field-added',
          detail: 'a new field is required',
        });
      }
    }
  };

  // Unions of object shapes (e.g. `kind: 'cursor' | 'link'`, or catalog events by `type`) are
  // paired by a discriminating property: one every variant constrains to its own values.
  const discriminatorValues = (
    variant: JsonSchema,
    defs: Map<string, JsonSchema>,
  ): Map<string, string[]> => {
    const values = new Map<string, string[]>();
    for (const [name, property] of shapeOf(variant, defs).properties) {
      const allowed = shapeOf(property.schema, defs).values;
      if (allowed)
        values.set(
          name,
          allowed.map((v) => JSON.stringify(v)),
        );
    }
    return values;
  };

  const compareVariants = (path: string, a: SchemaShape, b: SchemaShape, depth: number): void => {
    if (a.variants.length === 0) return;
    const before = a.variants.map((v) => discriminatorValues(v, releasedDefs));
    const after = b.variants.map((v) => discriminatorValues(v, currentDefs));
    const discriminator = [...(before[0]?.keys() ?? [])].find((name) => {
      const sets = before.map((d) => d.get(name));
      if (sets.some((s) => !s)) return false;
      const seen = new Set<string>();
      return sets.every((s) => (s as string[]).every((v) => !seen.has(v) && (seen.add(v), true)));
    });
    a.variants.forEach((variant, index) => {
      const label = discriminator
        ? `${discriminator}=${(before[index].get(discriminator) ?? []).join('|')}`
        : String(index);
      const matchIndex = discriminator
        ? after.findIndex((d) =>
            (d.get(discriminator) ?? []).some((v) => before[index].get(discriminator)?.includes(v)),
          )
        : index;
      const match = matchIndex >= 0 ? b.variants[matchIndex] : undefined;
      if (!match) {
        changes.push({
          schemaId,
          path: `${path}<${label}>`,
          kind: 'value-removed',
          detail: 'a variant of the union was removed',
        });
        return;
      }
      compare(`${path}<${label}>`, variant, match, depth + 1);
    });
  };

  compare('', released, current, 0);
  return changes;
}

/** Runs the gate over every released schema: a released schema that vanished is itself a break. */
export function checkCompatibility(
  released: Record<string, JsonSchema>,
  current: Record<string, JsonSchema>,
): BreakingChange[] {
  const releasedDefs = new Map(Object.entries(released));
  const currentDefs = new Map(Object.entries(current));
  const changes: BreakingChange[] = [];
  for (const [id, schema] of Object.entries(released)) {
    const now = current[id];
    if (!now) {
      changes.push({
        schemaId: id,
        path: '',
        kind: 'schema-removed',
        detail: 'the released message schema no longer exists',
      });
      continue;
    }
    changes.push(
      ...findBreakingChanges(id, schema, now, { released: releasedDefs, current: currentDefs }),
    );
  }
  return changes;
}
