import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

import { workspaceRoot } from '@concord/testing';

/**
 * The broker's own count of one request type (Produce by default), read over JMX by
 * `tools/bench/java/KafkaRequestCount.java` attached to the broker JVM. Server-side, so it counts
 * the requests of every client whatever its version: the same figure for an older commit.
 */
export class KafkaRequestCounter {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: Interface,
  ) {}

  /** Attaches to the broker with pid `brokerPid`; resolves once it answers. */
  static async attach(brokerPid: number, request = 'Produce'): Promise<KafkaRequestCounter> {
    const source = join(workspaceRoot(), 'tools', 'bench', 'java', 'KafkaRequestCount.java');
    const java = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin', 'java') : 'java';
    const child = spawn(java, [
      '-Xmx32m',
      '-XX:TieredStopAtLevel=1',
      source,
      String(brokerPid),
      request,
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const counter = new KafkaRequestCounter(child, createInterface({ input: child.stdout }));
    const first = await counter.nextLine(60_000);
    if (first !== 'ready')
      throw new Error(`could not read the broker's request metrics over JMX: ${first ?? stderr}`);
    return counter;
  }

  /** Requests of the type the broker has handled since it started. */
  async count(): Promise<number> {
    this.child.stdin.write('\n');
    const line = await this.nextLine(10_000);
    const value = Number(line);
    if (line === undefined || !Number.isFinite(value))
      throw new Error(`the broker's request count was not a number: ${line}`);
    return value;
  }

  close(): void {
    this.lines.close();
    this.child.stdin.end();
    this.child.kill();
  }

  private nextLine(timeoutMs: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const onLine = (line: string): void => finish(line.trim());
      const onExit = (): void => finish(undefined);
      const finish = (line: string | undefined): void => {
        clearTimeout(timer);
        this.lines.off('line', onLine);
        this.child.off('exit', onExit);
        resolve(line);
      };
      this.lines.once('line', onLine);
      this.child.once('exit', onExit);
    });
  }
}
