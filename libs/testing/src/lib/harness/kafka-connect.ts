import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { eventually } from './eventually';
import { freePort } from './free-port';
import type { ConnectorDefinition } from './outbox-connector';
import { workspaceRoot } from './workspace-root';

const toolDir = (): string => join(workspaceRoot(), 'tools', 'debezium');
const cacheDir = (): string =>
  process.env['CONCORD_DEBEZIUM_CACHE'] ?? join(workspaceRoot(), '.cache', 'debezium');

function versionIn(pom: string, property: string): string {
  const match = new RegExp(`<${property}>([^<]+)</${property}>`).exec(readFileSync(pom, 'utf8'));
  if (!match) throw new Error(`${pom} has no <${property}>`);
  return match[1];
}

/** Copies a pom's dependencies into `outputDir` with Maven unless `marker` is already there. */
function resolveJars(pom: string, outputDir: string, marker: string, extra: string[] = []): void {
  if (existsSync(join(outputDir, marker))) return;
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      pom,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${outputDir}`,
      ...extra,
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`mvn could not resolve ${pom} (exit ${result.status})`);
}

/** Kafka Connect's classpath and the Debezium plugin folder, fetched from Maven Central once. */
export function resolveConnectJars(): { libDir: string; pluginPath: string } {
  const runtimePom = join(toolDir(), 'pom.xml');
  const pluginPom = join(toolDir(), 'plugin-pom.xml');
  const kafkaVersion = versionIn(runtimePom, 'kafka.version');
  const debeziumVersion = versionIn(pluginPom, 'debezium.version');
  const libDir = join(cacheDir(), `connect-${kafkaVersion}`, 'libs');
  const pluginPath = join(cacheDir(), `plugins-${debeziumVersion}`);
  resolveJars(runtimePom, libDir, `connect-runtime-${kafkaVersion}.jar`);
  // Kafka's own jars come from the worker's classpath, never from the plugin's.
  resolveJars(
    pluginPom,
    join(pluginPath, 'debezium-connector-postgres'),
    `debezium-connector-postgres-${debeziumVersion}.jar`,
    ['-DexcludeGroupIds=org.apache.kafka'],
  );
  return { libDir, pluginPath };
}

export interface KafkaConnectOptions {
  brokers: string[];
  /** Working folder: worker properties, offsets file and the worker's log. */
  workDir: string;
}

export interface ConnectorStatus {
  connector: { state: string; trace?: string };
  tasks: { id: number; state: string; trace?: string }[];
}

/**
 * Runs the JVM under a small Node parent that forwards SIGTERM, turns SIGINT into SIGKILL, and
 * SIGKILLs the JVM once the process that started it is gone: a Jest worker killed mid-test leaves
 * no Connect behind.
 */
const SUPERVISOR = [
  "const { spawn } = require('node:child_process');",
  "const jvm = spawn(process.argv[1], process.argv.slice(2), { stdio: 'inherit' });",
  'const parent = process.ppid;',
  "process.on('SIGTERM', () => jvm.kill('SIGTERM'));",
  "process.on('SIGINT', () => jvm.kill('SIGKILL'));",
  "setInterval(() => { if (process.ppid !== parent) { jvm.kill('SIGKILL'); process.exit(1); } }, 500).unref();",
  "jvm.on('exit', (code) => process.exit(code ?? 1));",
].join('\n');

/** One standalone Kafka Connect worker (a JVM) with the Debezium PostgreSQL plugin. */
export class KafkaConnect {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private restUrl = '';

  constructor(private readonly options: KafkaConnectOptions) {}

  get workDir(): string {
    return this.options.workDir;
  }

  get logFile(): string {
    return join(this.options.workDir, 'connect.log');
  }

  async start(): Promise<void> {
    const { libDir, pluginPath } = resolveConnectJars();
    const { workDir, brokers } = this.options;
    mkdirSync(workDir, { recursive: true });
    const port = await freePort();
    this.restUrl = `http://127.0.0.1:${port}`;
    const workerFile = join(workDir, 'worker.properties');
    writeFileSync(
      workerFile,
      [
        `bootstrap.servers=${brokers.join(',')}`,
        `listeners=${this.restUrl}`,
        `plugin.path=${pluginPath}`,
        'plugin.discovery=hybrid_warn',
        `offset.storage.file.filename=${join(workDir, 'offsets.dat')}`,
        'offset.flush.interval.ms=1000',
        'key.converter=org.apache.kafka.connect.storage.StringConverter',
        'value.converter=org.apache.kafka.connect.storage.StringConverter',
        'connector.client.config.override.policy=All',
        '',
      ].join('\n'),
    );
    const log4j = join(workDir, 'log4j2.properties');
    writeFileSync(
      log4j,
      [
        'status = warn',
        'appender.file.type = File',
        'appender.file.name = FILE',
        `appender.file.fileName = ${this.logFile}`,
        'appender.file.layout.type = PatternLayout',
        'appender.file.layout.pattern = [%d] %p %m (%c)%n',
        'rootLogger.level = warn',
        'rootLogger.appenderRef.file.ref = FILE',
        'logger.debezium.name = io.debezium',
        'logger.debezium.level = info',
        '',
      ].join('\n'),
    );
    const out = openSync(join(workDir, 'connect.out'), 'a');
    const java = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin', 'java') : 'java';
    // Like the test broker: small heap, C1 only and the serial collector on a two-core machine.
    const child = spawn(
      process.execPath,
      [
        '-e',
        SUPERVISOR,
        java,
        ...(process.env['CONCORD_CONNECT_HEAP'] ?? '-Xms64m -Xmx384m').split(/\s+/).filter(Boolean),
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-Xss512k',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${log4j}`,
        '-cp',
        `${libDir}/*`,
        'org.apache.kafka.connect.cli.ConnectStandalone',
        workerFile,
      ],
      { stdio: ['ignore', out, out] },
    );
    closeSync(out);
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', () => done()));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`Kafka Connect exited: ${this.tail()}`);
        const response = await fetch(`${this.restUrl}/connectors`);
        if (!response.ok) throw new Error(`Kafka Connect answers ${response.status}`);
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  }

  /** Creates the connector and waits until it and its task run. */
  async deploy(connector: ConnectorDefinition): Promise<void> {
    const response = await fetch(`${this.restUrl}/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(connector),
    });
    if (response.status !== 201) {
      throw new Error(
        `connector ${connector.name} refused: ${response.status} ${await response.text()}`,
      );
    }
    await eventually(
      async () => {
        const status = await this.status(connector.name);
        const failed = [status.connector, ...status.tasks].find((s) => s.state === 'FAILED');
        if (failed) throw new Error(`connector ${connector.name} failed: ${failed.trace}`);
        if (status.connector.state !== 'RUNNING' || status.tasks[0]?.state !== 'RUNNING') {
          throw new Error(`connector ${connector.name} is not running: ${JSON.stringify(status)}`);
        }
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
  }

  async status(name: string): Promise<ConnectorStatus> {
    const response = await fetch(`${this.restUrl}/connectors/${name}/status`);
    if (!response.ok) throw new Error(`connector ${name} status: ${response.status}`);
    return (await response.json()) as ConnectorStatus;
  }

  /** Stops the connector's polling (the replication slot keeps the WAL) until resume(). */
  async pause(name: string): Promise<void> {
    await this.stateChange(name, 'pause', 'PAUSED');
  }

  async resume(name: string): Promise<void> {
    await this.stateChange(name, 'resume', 'RUNNING');
  }

  private async stateChange(name: string, action: string, state: string): Promise<void> {
    const response = await fetch(`${this.restUrl}/connectors/${name}/${action}`, { method: 'PUT' });
    if (response.status !== 202) throw new Error(`${action} ${name}: ${response.status}`);
    await eventually(
      async () => {
        const status = await this.status(name);
        if (status.tasks[0]?.state !== state) throw new Error(`${name} is not ${state} yet`);
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
  }

  /** SIGTERM (Connect stops its tasks and flushes offsets); SIGKILL after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGINT'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** The end of the worker's log, for failure messages. */
  tail(lines = 30): string {
    for (const file of [this.logFile, join(this.options.workDir, 'connect.out')]) {
      if (existsSync(file)) {
        const text = readFileSync(file, 'utf8').trimEnd();
        if (text) return text.split('\n').slice(-lines).join('\n');
      }
    }
    return '(no log)';
  }
}
