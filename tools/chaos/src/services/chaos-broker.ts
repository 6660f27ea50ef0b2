import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The chaos suite's own Kafka broker (tools/kafka/kafka.mjs, instance `chaos`), restartable. */
export class ChaosBroker {
  constructor(
    private readonly root: string,
    readonly port: number,
    private readonly name = 'chaos',
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Stops any leftover broker of this instance and deletes its data: every run starts empty. */
  reset(): Promise<void> {
    return this.kafka('reset');
  }

  start(): Promise<void> {
    return this.kafka('start', '--port', String(this.port));
  }

  /** SIGTERM (SIGKILL after 30 s), as kafka.mjs does. */
  stop(): Promise<void> {
    return this.kafka('stop');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private kafka(command: string, ...args: string[]): Promise<void> {
    const script = join(this.root, 'tools', 'kafka', 'kafka.mjs');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [script, command, '--name', this.name, ...args], {
        cwd: this.root,
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
