export * from './lib/database-admin';
export * from './lib/embedded-postgres';
export * from './lib/postgres-logger';
export * from './lib/postgres-ssl';
export * from './lib/postgres-url';
export * from './lib/resolve-postgres';
export * from './lib/wait-for-postgres';
