#!/usr/bin/env node
// Local single-node Apache Kafka (KRaft) for development, tests and CI, without Docker.
//
//   node tools/kafka/kafka.mjs start  [--name dev] [--port 9092]   start (or reuse) a broker
//   node tools/kafka/kafka.mjs stop   [--name dev]                  stop it cleanly (SIGTERM, then SIGKILL)
//   node tools/kafka/kafka.mjs status [--name dev]                  say whether it answers
//   node tools/kafka/kafka.mjs reset  [--name dev]                  stop it and delete its data
//
// The broker jars come from Maven Central through tools/kafka/pom.xml and are cached under
// .cache/kafka/<version>/libs (git-ignored). Each named instance keeps its data, logs and pid under
// .cache/kafka/instances/<name>, so `npm start` (name dev, port 9092) and `npm test` (name test,
// port 19092) never share a broker.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  openSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const pom = join(here, 'pom.xml');
const kafkaVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pom, 'utf8'))[1];
const cacheDir = process.env.CONCORD_KAFKA_CACHE ?? join(root, '.cache', 'kafka');
const libDir = join(cacheDir, kafkaVersion, 'libs');

export function instancePaths(name) {
  const dir = join(cacheDir, 'instances', name);
  return {
    dir,
    data: join(dir, 'data'),
    config: join(dir, 'server.properties'),
    log4j: join(dir, 'log4j2.properties'),
    log: join(dir, 'broker.log'),
    pid: join(dir, 'broker.pid'),
    port: join(dir, 'broker.port'),
  };
}

function log(message) {
  process.stderr.write(`[kafka] ${message}\n`);
}

function resolveJars() {
  if (existsSync(join(libDir, `kafka_2.13-${kafkaVersion}.jar`))) return;
  log(`resolving org.apache.kafka:kafka_2.13:${kafkaVersion} from Maven Central into ${libDir}`);
  const result = spawnSync(
    'mvn',
    ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`],
    { stdio: 'inherit' },
  );
  if (result.status !== 0)
    throw new Error(`mvn could not resolve the Kafka broker (exit ${result.status})`);
}

function javaCommand() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

// Small heap, C1 only and the serial collector: the broker starts in a few seconds and leaves
// the machine's two cores to the apps under test.
function jvmFlags(paths) {
  const heap = process.env.CONCORD_KAFKA_HEAP ?? '-Xms128m -Xmx512m';
  return [
    ...heap.split(/\s+/).filter(Boolean),
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Xss512k',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${paths.log4j}`,
    `-Dkafka.logs.dir=${paths.dir}`,
    '-cp',
    `${libDir}/*`,
  ];
}

function writeConfig(paths, port) {
  const controllerPort = port + 1;
  writeFileSync(
    paths.config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${paths.data}`,
      'num.partitions=3',
      'auto.create.topics.enable=false',
      'default.replication.factor=1',
      'min.insync.replicas=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'transaction.state.log.num.partitions=3',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      // Tests use session timeouts of a few seconds so a killed consumer's partitions move fast.
      'group.consumer.min.session.timeout.ms=1000',
      'group.min.session.timeout.ms=1000',
      'num.network.threads=2',
      'num.io.threads=2',
      'num.recovery.threads.per.data.dir=1',
      'log.cleaner.threads=1',
      'log.segment.bytes=67108864',
      'delete.topic.enable=true',
      '',
    ].join('\n'),
  );
  writeFileSync(
    paths.log4j,
    [
      'status = warn',
      'appender.file.type = File',
      'appender.file.name = FILE',
      `appender.file.fileName = ${paths.dir}/server.log`,
      'appender.file.layout.type = PatternLayout',
      'appender.file.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = info',
      'rootLogger.appenderRef.file.ref = FILE',
      'logger.kafka.name = kafka',
      'logger.kafka.level = warn',
      'logger.apache.name = org.apache.kafka',
      'logger.apache.level = warn',
      '',
    ].join('\n'),
  );
}

function formatStorage(paths) {
  if (existsSync(join(paths.data, 'meta.properties'))) return;
  mkdirSync(paths.data, { recursive: true });
  const clusterId = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
  const result = spawnSync(
    javaCommand(),
    [
      ...jvmFlags(paths),
      'kafka.tools.StorageTool',
      'format',
      '--ignore-formatted',
      '-t',
      clusterId,
      '-c',
      paths.config,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`kafka storage format failed:\n${result.stdout}\n${result.stderr}`);
  }
}

function readPid(paths) {
  if (!existsSync(paths.pid)) return undefined;
  const pid = Number(readFileSync(paths.pid, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A real Kafka protocol exchange: ApiVersions v0, then Metadata v4 for no topics. The broker
// "answers" only once both come back, which happens after the KRaft controller has elected
// itself and the broker has caught up with the metadata log.
function kafkaRequest(port, apiKey, apiVersion, body) {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const clientId = Buffer.from('concord-kafka-script');
    const header = Buffer.alloc(2 + 2 + 4 + 2);
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(apiVersion, 2);
    header.writeInt32BE(7, 4);
    header.writeInt16BE(clientId.length, 8);
    const payload = Buffer.concat([header, clientId, body]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    let received = Buffer.alloc(0);
    const done = (value) => {
      socket.destroy();
      resolvePromise(value);
    };
    socket.setTimeout(2000, () => done(undefined));
    socket.on('error', () => done(undefined));
    // A peer that hangs up without an answer (a broker still starting, another server on the
    // port) must settle the probe too: otherwise the start-up loop would wait on nothing and Node
    // would exit silently.
    socket.on('close', () => done(undefined));
    socket.on('connect', () => socket.write(Buffer.concat([size, payload])));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        done(received.subarray(4, 4 + received.readInt32BE(0)));
      }
    });
  });
}

export async function answersMetadata(port) {
  const versions = await kafkaRequest(port, 18, 0, Buffer.alloc(0));
  // Something other than Kafka on the port may answer with fewer bytes than an error code needs.
  if (!versions || versions.length < 6 || versions.readInt16BE(4) !== 0) return false;
  // Metadata v4: topics = null (-1 means "all topics"; 0 means none), allow_auto_topic_creation=false
  const body = Buffer.alloc(5);
  body.writeInt32BE(0, 0);
  body.writeInt8(0, 4);
  const metadata = await kafkaRequest(port, 3, 4, body);
  if (!metadata) return false;
  // correlation id (4) + throttle (4) + brokers array length (4): at least one broker registered
  return metadata.length >= 12 && metadata.readInt32BE(8) >= 1;
}

async function waitUntilAnswering(port, pid, paths, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pid && !isAlive(pid)) {
      const tail = existsSync(paths.log) ? readFileSync(paths.log, 'utf8').slice(-4000) : '';
      throw new Error(`the Kafka broker exited during start-up; last output:\n${tail}`);
    }
    if (await answersMetadata(port)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(
    `the Kafka broker on 127.0.0.1:${port} did not answer a metadata request within ${timeoutMs} ms`,
  );
}

export async function start({ name = 'dev', port = 9092, timeoutMs = 90_000 } = {}) {
  const paths = instancePaths(name);
  const pid = readPid(paths);
  if (pid && isAlive(pid) && (await answersMetadata(port))) {
    log(`reusing the running broker "${name}" (pid ${pid}) on 127.0.0.1:${port}`);
    return { name, port, pid, reused: true };
  }
  if (await answersMetadata(port)) {
    log(`a Kafka broker already answers on 127.0.0.1:${port}; reusing it`);
    return { name, port, pid: undefined, reused: true };
  }
  resolveJars();
  mkdirSync(paths.dir, { recursive: true });
  writeConfig(paths, port);
  formatStorage(paths);
  const out = openSync(paths.log, 'a');
  const child = spawn(javaCommand(), [...jvmFlags(paths), 'kafka.Kafka', paths.config], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  // The broker holds its own copy of the log descriptor; ours would leak once per start().
  closeSync(out);
  writeFileSync(paths.pid, String(child.pid));
  writeFileSync(paths.port, String(port));
  log(`starting broker "${name}" (pid ${child.pid}) on 127.0.0.1:${port}, Kafka ${kafkaVersion}`);
  const started = Date.now();
  await waitUntilAnswering(port, child.pid, paths, timeoutMs);
  log(`broker "${name}" answers metadata requests after ${Date.now() - started} ms`);
  return { name, port, pid: child.pid, reused: false };
}

export async function stop({ name = 'dev', timeoutMs = 30_000 } = {}) {
  const paths = instancePaths(name);
  const pid = readPid(paths);
  if (!pid || !isAlive(pid)) {
    log(`broker "${name}" is not running`);
    rmSync(paths.pid, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (isAlive(pid)) {
    log(`broker "${name}" did not stop within ${timeoutMs} ms; killing it`);
    process.kill(pid, 'SIGKILL');
  }
  rmSync(paths.pid, { force: true });
  log(`broker "${name}" stopped`);
  return true;
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--name') options.name = argv[++i];
    else if (arg === '--port') options.port = Number(argv[++i]);
    else throw new Error(`unknown option ${arg}`);
  }
  if (options.port !== undefined && !(options.port > 0 && options.port < 65535)) {
    throw new Error('--port must be a TCP port number');
  }
  return options;
}

async function main() {
  const [command = 'start', ...rest] = process.argv.slice(2);
  const options = parseArgs(rest);
  const paths = instancePaths(options.name ?? 'dev');
  const port =
    options.port ??
    (existsSync(paths.port)
      ? Number(readFileSync(paths.port, 'utf8'))
      : Number(process.env.KAFKA_PORT ?? 9092));
  switch (command) {
    case 'start':
      await start({ ...options, port });
      process.stdout.write(`127.0.0.1:${port}\n`);
      break;
    case 'stop':
      await stop(options);
      break;
    case 'status': {
      const up = await answersMetadata(port);
      process.stdout.write(`${up ? 'up' : 'down'} 127.0.0.1:${port}\n`);
      process.exitCode = up ? 0 : 1;
      break;
    }
    case 'reset':
      await stop(options);
      rmSync(paths.dir, { recursive: true, force: true });
      log(`broker "${options.name ?? 'dev'}" data deleted`);
      break;
    default:
      throw new Error(`unknown command ${command}: use start, stop, status or reset`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    log(error.message);
    process.exit(1);
  });
}
