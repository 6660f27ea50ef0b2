import '../formats/string-formats';

import { ValidationError, ValidationErrorCode } from '@concord/errors';
import type { Static, TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';

import { collectIssues, type SchemaIssue } from './schema-issues';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: SchemaIssue[] };

/**
 * A rule JSON Schema cannot express (an invoice line's amount equals quantity times unit amount,
 * an event's subject is its entity's id). Runs only on values that already match the schema.
 */
export type Refinement<T> = (value: T) => SchemaIssue[];

// Compiling a schema generates and evaluates code: do it once per schema object.
const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();
const refinements = new WeakMap<TSchema, Refinement<never>[]>();

function compiledCheck<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check as TypeCheck<T>;
}

/** Attaches semantic rules to a schema; validate() and parseMessage() apply them after the schema. */
export function refine<T extends TSchema>(schema: T, refinement: Refinement<Static<T>>): T {
  refinements.set(schema, [...(refinements.get(schema) ?? []), refinement as Refinement<never>]);
  return schema;
}

/** The semantic issues of a value already known to match `schema` (for nesting refinements). */
export function refinementIssues<T extends TSchema>(schema: T, value: Static<T>): SchemaIssue[] {
  const rules = (refinements.get(schema) ?? []) as Refinement<Static<T>>[];
  return rules.flatMap((rule) => rule(value));
}

/** Validates a value against a schema and its refinements, with every offending path. */
export function validate<T extends TSchema>(
  schema: T,
  value: unknown,
): ValidationResult<Static<T>> {
  const check = compiledCheck(schema);
  if (!check.Check(value)) return { ok: false, errors: collectIssues(check.Errors(value)) };
  const issues = refinementIssues(schema, value);
  return issues.length > 0 ? { ok: false, errors: issues } : { ok: true, value };
}

export function isValid<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return validate(schema, value).ok;
}

function describeSchema(schema: TSchema): string {
  const id: unknown = schema['$id'];
  return typeof id === 'string' ? id : 'message';
}

/**
 * Returns the value typed by its schema, or throws a ValidationError (code INVALID_MESSAGE) whose
 * fields name every offending path, so a consumer dead-letters it with a precise reason.
 */
export function parseMessage<T extends TSchema>(schema: T, value: unknown): Static<T> {
  const result = validate(schema, value);
  if (result.ok) return result.value;
  const summary = result.errors
    .slice(0, 5)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
  throw new ValidationError(
    ValidationErrorCode.INVALID_MESSAGE,
    `Invalid ${describeSchema(schema)}: ${summary}${result.errors.length > 5 ? '; ...' : ''}`,
    result.errors.map((issue) => ({ field: issue.path, message: issue.message })),
  );
}

/** Whether a value matches a schema's structure alone, without its refinements. */
export function conformsTo<T extends TSchema>(schema: T, value: unknown): value is Static<T> {
  return compiledCheck(schema).Check(value);
}
