import { defineEnv, httpEnv, kafkaEnv, loadEnv, logEnv, str } from '@concord/config';

export const exampleConsumerEnv = defineEnv({
  ...kafkaEnv,
  ...httpEnv,
  ...logEnv,
  EXAMPLE_CONSUMER_GROUP: str({ default: 'example-customer-directory' }),
});

export type ExampleConsumerConfig = ReturnType<typeof loadExampleConsumerConfig>;

export function loadExampleConsumerConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadEnv(exampleConsumerEnv, { PORT: '3900', ...env });
}
