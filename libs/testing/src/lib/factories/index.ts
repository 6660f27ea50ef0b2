export * from './catalog-event.factory';
export * from './connector-message.factory';
export * from './inbound-change.factory';
export * from './record.factory';
export * from './tenant.factory';
