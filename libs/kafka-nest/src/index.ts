export * from './lib/batch-event-pattern';
export * from './lib/batch-subscription';
export * from './lib/kafka-batch-context';
export * from './lib/kafka-batch-server';
export * from './lib/pattern-consumer';
