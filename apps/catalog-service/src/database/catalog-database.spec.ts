import { resolveCatalogDatabase } from './catalog-database';

describe('resolveCatalogDatabase', () => {
  const settings = {
    DATABASE_URL: 'postgres://app:pw@db.internal:5432/postgres',
    CATALOG_DATABASE: 'concord',
  };

  it('names the catalog database on the DATABASE_URL server, adding nothing by default', async () => {
    expect(await resolveCatalogDatabase(settings, { create: false })).toBe(
      'postgres://app:pw@db.internal:5432/concord',
    );
  });

  it('carries DATABASE_SSL into the URL every connection is made from', async () => {
    const url = new URL(
      await resolveCatalogDatabase(
        { ...settings, DATABASE_SSL: 'verify-full', DATABASE_SSL_CA_FILE: '/etc/ssl/db-ca.pem' },
        { create: false },
      ),
    );
    expect(url.pathname).toBe('/concord');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      sslmode: 'verify-full',
      uselibpqcompat: 'true',
      sslrootcert: '/etc/ssl/db-ca.pem',
    });
  });
});
