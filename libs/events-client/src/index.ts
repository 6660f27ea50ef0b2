export * from './lib/events-client';
export * from './lib/lenient-validator';
