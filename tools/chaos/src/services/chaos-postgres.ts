import { rmSync } from 'node:fs';

import { type EmbeddedPostgres, startEmbeddedPostgres } from '@concord/database';

/**
 * The chaos suite's own embedded PostgreSQL, even when the machine has a server: the suite must be
 * able to restart it. As root the server runs as the `postgres` OS user (@concord/database
 * prepares and chowns the data directory).
 */
export class ChaosPostgres {
  private server?: EmbeddedPostgres;

  constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Deletes the data directory (and its log) so every run starts from an empty server. */
  wipe(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(`${this.dataDir}.log`, { force: true });
  }

  async start(): Promise<void> {
    this.server = await startEmbeddedPostgres({
      dataDir: this.dataDir,
      port: this.port,
      startTimeoutMs: 90_000,
    });
  }

  /** A fast shutdown (SIGINT): sessions are cut, committed data stays. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
