export * from './lib/outbox-components';
export * from './lib/outbox-env';
export * from './lib/outbox-pruner';
export * from './lib/outbox-publisher';
export * from './lib/outbox-relay';
export * from './lib/outbox-routing';
export * from './lib/outbox-shards';
export * from './lib/outbox-table';
