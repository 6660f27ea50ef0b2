import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { freePort, randomSuffix } from '@concord/testing';

const root = join(__dirname, '..', '..', '..', '..');

/**
 * A Kafka broker of the spec's own (tools/kafka/kafka.mjs on an instance named for it, on a free
 * port): unlike the shared test broker, it may be stopped and lose its data.
 */
export class OwnBroker {
  private constructor(
    readonly name: string,
    readonly port: number,
  ) {}

  /** A fresh instance (no data) on a free port, started. */
  static async start(label: string): Promise<OwnBroker> {
    const broker = new OwnBroker(`${label}-${randomSuffix()}`, await freePort());
    await broker.run('reset');
    await broker.run('start', '--port', String(broker.port), '--no-sasl');
    return broker;
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** What `npm run kafka -- reset` does, then a start on the same port: every topic is gone. */
  async loseData(): Promise<void> {
    await this.run('reset');
    await this.start();
  }

  /** Stops the broker, keeping its data (`reset` deletes it while it is stopped). */
  stop(): Promise<void> {
    return this.run('stop');
  }

  /** Deletes the data of the stopped broker: no process runs, and every topic is gone. */
  wipe(): Promise<void> {
    return this.run('reset');
  }

  start(): Promise<void> {
    return this.run('start', '--port', String(this.port), '--no-sasl');
  }

  /** Stops the broker and deletes its data. */
  remove(): Promise<void> {
    return this.run('reset');
  }

  private run(command: string, ...args: string[]): Promise<void> {
    const script = join(root, 'tools', 'kafka', 'kafka.mjs');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [script, command, '--name', this.name, ...args], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('close', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`kafka.mjs ${command} failed (exit ${code}): ${stderr.slice(-2000)}`)),
      );
    });
  }
}
