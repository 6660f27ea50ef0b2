import { ValidationError } from '@concord/errors';

import { assertDatabaseName, databaseUrlFor, describePostgresUrl } from './postgres-url';

describe('databaseUrlFor', () => {
  it('points the admin URL at another database, keeping credentials and options', () => {
    expect(
      databaseUrlFor('postgres://postgres:pw@127.0.0.1:5432/postgres?sslmode=disable', 'catalog_1'),
    ).toBe('postgres://postgres:pw@127.0.0.1:5432/catalog_1?sslmode=disable');
  });

  it('works when the admin URL names no database', () => {
    expect(databaseUrlFor('postgres://postgres@localhost:5433', 'x')).toBe(
      'postgres://postgres@localhost:5433/x',
    );
  });
});

describe('assertDatabaseName', () => {
  it.each(['catalog', '_tmp', 'test_3f9a1c', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(() => assertDatabaseName(name)).not.toThrow();
  });

  it.each([
    '',
    'Catalog',
    '1db',
    'a-b',
    'x"; DROP DATABASE postgres; --',
    'a'.repeat(64),
    'db name',
  ])('rejects %j with a ValidationError naming the field', (name) => {
    const error = catchError(() => assertDatabaseName(name));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((f) => f.field)).toEqual(['name']);
  });
});

describe('describePostgresUrl', () => {
  it('drops the password', () => {
    const described = describePostgresUrl('postgres://app:s3cr3t@db.internal:5432/catalog');
    expect(described).toBe('postgres://app@db.internal:5432/catalog');
    expect(described).not.toContain('s3cr3t');
  });

  it('does not echo an unparsable URL', () => {
    expect(describePostgresUrl('not a url with s3cr3t')).not.toContain('s3cr3t');
  });
});

function catchError(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
