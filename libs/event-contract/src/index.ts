export * from './lib/compatibility';
export * from './lib/json-schema-shape';
