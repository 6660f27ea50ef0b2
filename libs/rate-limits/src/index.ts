export * from './lib/memory-rate-limit-store';
export * from './lib/rate-limit-store';
export * from './lib/redis-rate-limit-store';
