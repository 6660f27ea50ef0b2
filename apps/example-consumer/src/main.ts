import { assertValidEnvOrExit } from '@concord/config';
import { ConcordEventsClient, kafkaSecurityOptions } from '@concord/events-client';
import { OneLineDestination } from '@concord/observability';
import pino from 'pino';

import { loadExampleConsumerConfig } from './config/example-consumer.config';
import { CustomerDirectory } from './directory/customer-directory';
import { createDirectoryServer } from './http/directory-server';

// An example of another team's service built on Concord's events: it keeps a customer directory
// from catalog.customer.v1 and serves it over HTTP. See README.md.
async function main(): Promise<void> {
  const config = assertValidEnvOrExit(() => loadExampleConsumerConfig());
  const stdout = pino.destination({ dest: 1, sync: true });
  const logger = pino(
    { level: config.LOG_LEVEL, base: { service: 'example-consumer' } },
    config.LOG_FORMAT === 'pretty' ? new OneLineDestination(stdout) : stdout,
  );
  const directory = new CustomerDirectory();
  let invalid = 0;
  const client = new ConcordEventsClient({
    brokers: [...config.KAFKA_BROKERS],
    security: kafkaSecurityOptions(config),
    groupId: config.EXAMPLE_CONSUMER_GROUP,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    fromBeginning: true,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    logger,
    onInvalid: (event) => {
      invalid += 1;
      logger.warn(
        { topic: event.topic, offset: event.offset, problems: event.problems },
        'skipped an invalid event',
      );
    },
  }).on('customer', async (event) => {
    const result = directory.apply(event);
    if (result === 'applied' && event.data.operation === 'created') {
      logger.info({ tenant: event.tenant, customerId: event.subject }, 'welcome a new customer');
    }
  });
  const server = createDirectoryServer({
    directory,
    isReady: () => client.isReady,
    invalidEvents: () => invalid,
  });
  server.listen(config.PORT, config.HOST, () =>
    logger.info({ port: config.PORT }, 'example consumer listening'),
  );
  await client.start();
  const shutdown = (): void => {
    void client.stop().finally(() => server.close(() => process.exit(0)));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
