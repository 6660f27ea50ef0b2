import type { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL bigint arrives as a string (it may exceed 2^53). Amounts in the catalog are limited to
 * safe integers on the way in, so they convert back exactly.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
