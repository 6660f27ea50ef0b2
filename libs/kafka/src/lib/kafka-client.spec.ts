import { createKafkaClient } from './kafka-client';
import { KafkaLogger } from './kafka-logger';
import { KafkaPublisher } from './kafka-publisher';

type Line = { level: string; message: string; context: object };

function recordingLogger(): { logger: KafkaLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (context: object, message: string): void => {
      lines.push({ level, message, context });
    };
  return {
    lines,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}

describe('createKafkaClient logging', () => {
  it("logs kafkajs's warning about the publisher's bounded retries at debug, once per producer", () => {
    const { logger, lines } = recordingLogger();
    new KafkaPublisher(createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 't', logger }));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'debug',
        message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees',
        context: expect.objectContaining({ component: 'kafkajs' }),
      }),
    ]);
  });

  it('passes every other kafkajs warning and error through at its own level', () => {
    const { logger, lines } = recordingLogger();
    const kafka = createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 't', logger });
    kafka.logger().warn('Connection timeout', { broker: '127.0.0.1:1' });
    kafka.logger().error('Crash: KafkaJSNumberOfRetriesExceeded', { groupId: 'g' });
    expect(lines.map(({ level, message }) => [level, message])).toEqual([
      ['warn', 'Connection timeout'],
      ['error', 'Crash: KafkaJSNumberOfRetriesExceeded'],
    ]);
    expect(lines[0]?.context).toMatchObject({ component: 'kafkajs', broker: '127.0.0.1:1' });
  });
});
