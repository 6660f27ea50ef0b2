import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { workspaceRoot } from '@concord/testing';

/**
 * The bench's own Kafka broker: never `dev` (9092, npm start) nor `test` (19092, npm test); 19192
 * unless `BENCH_KAFKA_PORT` names another, so benches of two checkouts on one machine never share
 * (or stop) one broker. The next port (its KRaft controller) must be free too.
 */
export const BENCH_BROKER = {
  name: 'bench',
  port: Number(process.env['BENCH_KAFKA_PORT'] ?? 19192),
} as const;

export function benchBrokers(): string[] {
  return [`127.0.0.1:${BENCH_BROKER.port}`];
}

function kafkaCommand(command: 'start' | 'stop'): void {
  const result = spawnSync(
    process.execPath,
    [
      'tools/kafka/kafka.mjs',
      command,
      '--name',
      BENCH_BROKER.name,
      ...(command === 'start' ? ['--port', String(BENCH_BROKER.port)] : []),
    ],
    { cwd: workspaceRoot(), stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`kafka ${command} (bench broker) failed`);
}

/** Starts (or reuses) the bench broker; resolves once it answers. */
export function startBenchBroker(): void {
  kafkaCommand('start');
}

export function stopBenchBroker(): void {
  kafkaCommand('stop');
}

/** The bench broker's JVM pid (from its instance folder), or undefined when it is not running. */
export function benchBrokerPid(): number | undefined {
  const cache = process.env['CONCORD_KAFKA_CACHE'] ?? join(workspaceRoot(), '.cache', 'kafka');
  try {
    const pid = Number(
      readFileSync(join(cache, 'instances', BENCH_BROKER.name, 'broker.pid'), 'utf8').trim(),
    );
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
