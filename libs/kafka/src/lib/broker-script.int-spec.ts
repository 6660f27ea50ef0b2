import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { uniqueName } from '../../test/kafka-test-kit';
import { createKafkaClient } from './kafka-client';
import { kafkaSecurityOptions } from './kafka-security';
import { TopicAdmin } from './topic-admin';

// tools/kafka/kafka.mjs on an instance of its own (never the shared dev or test broker): a second
// start of a running broker whose configuration changed restarts it on the same data.
const script = join(__dirname, '..', '..', '..', '..', 'tools', 'kafka', 'kafka.mjs');
const name = 'script-test';
const port = Number(process.env.CONCORD_TEST_KAFKA_SCRIPT_PORT ?? 19392);
const saslPort = port + 2;

function kafkaScript(...args: string[]): { stderr: string; pid: string } {
  const result = spawnSync(process.execPath, [script, ...args, '--name', name], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`kafka.mjs ${args.join(' ')}: ${result.stderr}`);
  const pid = /\(pid (\d+)\)/.exec(result.stderr)?.[1] ?? '';
  return { stderr: result.stderr, pid };
}

const admin = (brokers: string[], security = {}) =>
  new TopicAdmin(
    createKafkaClient({ brokers, clientId: uniqueName('script'), retries: 1, ...security }),
  );

describe('tools/kafka/kafka.mjs restarts a broker whose configuration changed', () => {
  afterAll(() => {
    kafkaScript('reset');
  });

  it('adds a SASL/SCRAM listener on the same data, then reuses the broker as it is', async () => {
    kafkaScript('reset');
    const plain = kafkaScript('start', '--port', String(port));
    const topic = uniqueName('kept');
    const before = admin([`127.0.0.1:${port}`]);
    await before.ensureTopics([{ name: topic, partitions: 1 }]);
    await before.disconnect();

    const withSasl = kafkaScript('start', '--port', String(port), '--sasl-port', String(saslPort));
    expect(withSasl.stderr).toContain(`broker "${name}" runs with another configuration`);
    expect(withSasl.pid).not.toBe(plain.pid);
    const scram = admin(
      [`127.0.0.1:${saslPort}`],
      kafkaSecurityOptions({
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'concord',
        KAFKA_SASL_PASSWORD: 'concord-test-secret',
      }),
    );
    try {
      expect(await scram.listTopics()).toContain(topic);
    } finally {
      await scram.disconnect();
    }

    const again = kafkaScript('start', '--port', String(port), '--sasl-port', String(saslPort));
    expect(again.stderr).toContain(`reusing the running broker "${name}" (pid ${withSasl.pid})`);
    // Two broker starts (each bounded by the script call's 120 s): seconds on a quiet machine, but
    // a start took 17 s under a load of 30, past the 30 s default.
  }, 300_000);
});
