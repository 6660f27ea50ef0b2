import { databaseUrlFor, dropDatabase, ensureDatabase } from '@concord/database';

import { testDatabaseAdminUrl } from './test-environment';
import { randomSuffix } from './test-ids';

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

/** Creates a fresh, empty database named `<name>_<random>` on the test server. */
export async function testDatabase(name = 'test'): Promise<TestDatabase> {
  const adminUrl = testDatabaseAdminUrl();
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^[^a-z_]/, '_')
    .slice(0, 50);
  const database = `${base}_${randomSuffix()}`;
  await ensureDatabase(adminUrl, database);
  return {
    name: database,
    url: databaseUrlFor(adminUrl, database),
    drop: () => dropDatabase(adminUrl, database),
  };
}
