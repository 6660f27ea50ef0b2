import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  brokers,
  eventually,
  eventuallyAsync,
  KafkaTestKit,
  kafkaTestKit,
  sleep,
  uniqueName,
} from '../../test/kafka-test-kit';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');
const fixture = join(__dirname, '..', '..', 'test', 'fixtures', 'runner-process.js');

interface RunnerProcess {
  output: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function startRunnerProcess(env: Record<string, string>): RunnerProcess {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, KAFKA_BROKERS: brokers.join(','), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    output: () => output,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    kill: (signal) => child.kill(signal),
  };
}

function handledLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

// These run the built lib in real child processes, killed and stopped like a pod would be.
describe('a consumer process that is killed or stopped', () => {
  let kit: KafkaTestKit;

  beforeAll(async () => {
    // The workspace build emits every lib even when another lib (being written in parallel) has
    // type errors; it must report none in this lib or the one it depends on.
    const build = spawnSync(process.execPath, ['tools/scripts/build.mjs'], {
      cwd: workspaceRoot,
      encoding: 'utf8',
    });
    const report = `${build.stdout}${build.stderr}`;
    const ours = report.split('\n').filter((line) => /libs\/(kafka|errors)\//.test(line));
    if (ours.length > 0) throw new Error(`the build reports errors here:\n${ours.join('\n')}`);
    if (!existsSync(join(workspaceRoot, 'dist/node_modules/@concord/kafka/index.js')))
      throw new Error(`the build (exit ${build.status}) did not produce @concord/kafka`);
    kit = await kafkaTestKit();
  }, 120000);

  afterAll(async () => {
    await kit?.close();
  });

  it('loses nothing and keeps per-key order when killed with SIGKILL mid-batch and restarted', async () => {
    const topic = uniqueName('crash');
    await kit.admin.ensureTopics([{ name: topic, partitions: 3 }]);
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const total = 200;
    await kit.publisher.send(
      topic,
      Array.from({ length: total }, (_, i) => ({ key: keys[i % keys.length], value: String(i) })),
    );
    const out = join(mkdtempSync(join(tmpdir(), 'crash-')), 'handled.txt');
    const group = uniqueName('group');
    const env = { TOPIC: topic, GROUP: group, OUT_FILE: out, HANDLE_MS: '15' };
    const committed = async (): Promise<number> =>
      (await kit.admin.groupLag(group, [topic])).reduce((sum, p) => sum + p.committed, 0);

    const first = startRunnerProcess(env);
    await eventually(() => handledLines(out).length >= 40, 30000, 'the first process to get going');
    first.kill('SIGKILL');
    await first.exited;
    const handledBeforeCrash = handledLines(out).length;
    expect(handledBeforeCrash).toBeLessThan(total);
    // Progress was committed message by message, up to the one in flight when it died.
    expect(handledBeforeCrash - (await committed())).toBeLessThanOrEqual(1);

    const second = startRunnerProcess(env);
    await eventually(
      () => new Set(handledLines(out)).size >= total,
      60000,
      'every message after the restart',
    );
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await committed()).toBe(total);

    const lines = handledLines(out);
    expect(new Set(lines).size).toBe(total);
    // Offsets are committed message by message: at most the one in flight is handled twice.
    expect(lines.length - total).toBeLessThanOrEqual(1);
    for (const key of keys) {
      const firstSeen: number[] = [];
      for (const line of lines) {
        const [k, v] = line.split(':');
        if (k === key && !firstSeen.includes(Number(v))) firstSeen.push(Number(v));
      }
      expect(firstSeen).toEqual([...firstSeen].sort((x, y) => x - y));
    }
  }, 120000);

  it('in batch mode, dies at before-offset-commit after producing, and redelivers the whole batch', async () => {
    const topic = uniqueName('batch-crash');
    const output = uniqueName('batch-out');
    const retry = uniqueName('batch-retry');
    await kit.admin.ensureTopics([
      { name: topic, partitions: 1 },
      { name: output, partitions: 1 },
      { name: retry, partitions: 1 },
    ]);
    const total = 30;
    await kit.publisher.send(
      topic,
      Array.from({ length: total }, (_, i) => ({ key: `k${i % 3}`, value: String(i) })),
    );
    const out = join(mkdtempSync(join(tmpdir(), 'batch-crash-')), 'handled.txt');
    const group = uniqueName('group');
    const env = {
      TOPIC: topic,
      GROUP: group,
      OUT_FILE: out,
      BATCH_OUTPUT_TOPIC: output,
      RETRY_TOPIC: retry,
    };
    const committed = async (): Promise<number> =>
      (await kit.admin.groupLag(group, [topic])).reduce((sum, p) => sum + p.committed, 0);

    const crashing = startRunnerProcess({
      ...env,
      CONCORD_TEST_CRASH_AT: `before-offset-commit:${group}`,
    });
    await crashing.exited;
    expect(crashing.output()).toContain(`before-offset-commit:${group} reached`);
    const producedBeforeCrash = await kit.countMessages(output);
    expect(producedBeforeCrash).toBeGreaterThan(0);
    expect(await committed()).toBe(0);

    const second = startRunnerProcess(env);
    await eventuallyAsync(async () => (await committed()) === total, 60000, 'the commit');
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    // Nothing lost; what the first process produced came again with its redelivered batch.
    const lines = handledLines(out);
    expect(new Set(lines).size).toBe(total);
    expect(lines.length).toBe(total + producedBeforeCrash);
    expect(await kit.countMessages(output)).toBe(total + producedBeforeCrash);
  }, 120000);

  it('finishes and commits the message in flight on SIGTERM, then exits 0', async () => {
    const topic = uniqueName('graceful');
    await kit.admin.ensureTopics([{ name: topic, partitions: 1 }]);
    await kit.publisher.send(topic, [{ key: 'k', value: 'in-flight' }]);
    const out = join(mkdtempSync(join(tmpdir(), 'graceful-')), 'handled.txt');
    const group = uniqueName('group');
    const runner = startRunnerProcess({
      TOPIC: topic,
      GROUP: group,
      OUT_FILE: out,
      HANDLE_MS: '2000',
    });
    await eventually(
      () => runner.output().includes('handling in-flight'),
      30000,
      'the message to be in flight',
    );
    runner.kill('SIGTERM');
    expect(await runner.exited).toBe(0);
    expect(handledLines(out)).toEqual(['k:in-flight']);
    await sleep(200);
    const lag = await kit.admin.groupLag(group, [topic]);
    expect(lag).toEqual([expect.objectContaining({ committed: 1, lag: 0 })]);
  }, 60000);
});
