export * from './lib/factories';
export * from './lib/harness/app-process';
export * from './lib/harness/collect-messages';
export * from './lib/harness/eventually';
export * from './lib/harness/free-port';
export * from './lib/harness/test-database';
export * from './lib/harness/test-environment';
export * from './lib/harness/test-ids';
