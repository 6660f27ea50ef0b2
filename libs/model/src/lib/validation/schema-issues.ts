import type { TSchema } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';

/** One reason a value does not match its schema, at a dotted path such as `data.entity.email`. */
export interface SchemaIssue {
  path: string;
  message: string;
}

export const ROOT_PATH = '(root)';

// Errors that mean "this union variant is the wrong kind of value here", not "close but wrong".
const KIND_MISMATCH = new Set<ValueErrorType>([
  ValueErrorType.Array,
  ValueErrorType.Boolean,
  ValueErrorType.Integer,
  ValueErrorType.Null,
  ValueErrorType.Number,
  ValueErrorType.Object,
  ValueErrorType.String,
  ValueErrorType.Literal,
]);

/** JSON pointer (`/lines/0/quantity`) to the dotted form used in FieldError (`lines.0.quantity`). */
export function toDottedPath(pointer: string): string {
  if (pointer === '') return ROOT_PATH;
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** Appends a path segment to a dotted path; the root contributes nothing. */
export function joinPath(base: string, segment: string | number): string {
  return base === ROOT_PATH || base === '' ? String(segment) : `${base}.${segment}`;
}

function literalOptions(schema: TSchema): unknown[] | undefined {
  const variants: unknown = schema['anyOf'];
  if (!Array.isArray(variants)) return undefined;
  const consts = variants.map((variant: TSchema) => variant['const']);
  return consts.every((value) => value !== undefined) ? consts : undefined;
}

function kindName(schema: TSchema): string {
  if (schema['const'] !== undefined) return JSON.stringify(schema['const']);
  return typeof schema['type'] === 'string' ? schema['type'] : 'value';
}

/**
 * A union error alone says only "Expected union value". Report instead the errors of the variant
 * the value most likely meant: variants of the wrong kind are dropped, a wrong discriminator
 * (literal) weighs heavily, then the fewest errors wins.
 */
function unionIssues(error: ValueError): SchemaIssue[] {
  const path = toDottedPath(error.path);
  const literals = literalOptions(error.schema);
  if (literals) {
    return [
      { path, message: `Expected one of ${literals.map((l) => JSON.stringify(l)).join(', ')}` },
    ];
  }
  const variants: TSchema[] = error.schema['anyOf'] ?? [];
  const candidates = error.errors
    .map((iterator) => [...iterator])
    .filter((raw) => !raw.some((e) => e.path === error.path && KIND_MISMATCH.has(e.type)))
    .map((raw) => {
      const issues = collectIssues(raw);
      const discriminators = raw.filter((e) => e.type === ValueErrorType.Literal);
      return { issues, discriminators, score: issues.length + 100 * discriminators.length };
    })
    .sort((a, b) => a.score - b.score);
  if (candidates.length === 0) {
    return [{ path, message: `Expected ${variants.map(kindName).join(' or ')}` }];
  }
  const discriminator = sharedDiscriminator(candidates.map((c) => c.discriminators));
  return discriminator ?? candidates[0].issues;
}

/**
 * When no variant's discriminator matches (`kind: 'offset'` where 'cursor' or 'link' is expected),
 * the one useful thing to say is which values that field accepts.
 */
function sharedDiscriminator(perVariant: ValueError[][]): SchemaIssue[] | undefined {
  if (perVariant.some((errors) => errors.length === 0)) return undefined;
  const pointer = perVariant[0][0].path;
  const atPointer = perVariant.map((errors) => errors.find((e) => e.path === pointer));
  if (atPointer.some((e) => e === undefined)) return undefined;
  const accepted = [...new Set(atPointer.map((e) => JSON.stringify(e?.schema['const'])))];
  return [{ path: toDottedPath(pointer), message: `Expected one of ${accepted.join(', ')}` }];
}

const MISSING = 'Required property is missing';

/** Flattens TypeBox errors into field issues, dropping the noise a missing field also causes. */
export function collectIssues(errors: Iterable<ValueError>): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const missing = new Set<string>();
  for (const error of errors) {
    const path = toDottedPath(error.path);
    if (error.type === ValueErrorType.ObjectRequiredProperty) missing.add(path);
    else if (error.type === ValueErrorType.Union) issues.push(...unionIssues(error));
    else issues.push({ path, message: error.message });
  }
  // TypeBox also type-checks the absent value ("Expected string"); the missing field says it all.
  const explained = (path: string): boolean =>
    [...missing].some((m) => path === m || path.startsWith(`${m}.`));
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key) || explained(issue.path)) return false;
    seen.add(key);
    return true;
  });
  return [...[...missing].map((path) => ({ path, message: MISSING })), ...unique];
}
