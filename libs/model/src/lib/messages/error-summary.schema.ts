import type { ErrorCategory } from '@concord/errors';
import { type Static, Type } from '@sinclair/typebox';

import { closed, LiteralUnion } from '../primitives/schema-helpers';

export const ErrorCategories = [
  'retryable',
  'rate-limited',
  'validation',
  'auth',
  'forbidden',
  'conflict',
  'precondition-failed',
  'not-found',
] as const satisfies readonly ErrorCategory[];

// Fails to compile when @concord/errors gains a category this list lacks.
type MissingCategory = Exclude<ErrorCategory, (typeof ErrorCategories)[number]>;
const everyCategoryListed: [MissingCategory] extends [never] ? true : never = true;
void everyCategoryListed;

export const ErrorCategorySchema = LiteralUnion(ErrorCategories, {
  description: 'Error category from the Concord error taxonomy; decides retry, pause or DLQ.',
});

/** A classified error as it travels in events (no stack, no secrets). */
export const ErrorSummary = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 100, description: 'Machine-readable code.' }),
    category: ErrorCategorySchema,
    message: Type.String({ maxLength: 1000, description: 'Human-readable, secret-free message.' }),
    retryable: Type.Boolean({ description: 'Whether trying again may succeed.' }),
  },
  closed,
);
export type ErrorSummary = Static<typeof ErrorSummary>;
