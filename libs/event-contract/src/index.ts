export * from './lib/asyncapi-document';
export * from './lib/compatibility';
export * from './lib/concord-deployment';
export * from './lib/json-schema-shape';
