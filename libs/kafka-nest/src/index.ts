export * from './lib/batch-subscription';
export * from './lib/kafka-batch-context';
export * from './lib/kafka-batch-server';
export * from './lib/pattern-consumer';
