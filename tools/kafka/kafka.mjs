#!/usr/bin/env node
// Local single-node Apache Kafka (KRaft) for development, tests and CI, without Docker.
//
//   node tools/kafka/kafka.mjs start  [--name dev] [--port 9092] [--sasl-port 9094 | --no-sasl]
//                                                                  start (or reuse) a broker; with
//                                                                  --sasl-port, also a SASL/SCRAM
//                                                                  listener (remembered, like the
//                                                                  port, until --no-sasl)
//   node tools/kafka/kafka.mjs stop   [--name dev]                  stop it cleanly (SIGTERM, then SIGKILL)
//   node tools/kafka/kafka.mjs status [--name dev]                  say whether it answers
//   node tools/kafka/kafka.mjs reset  [--name dev]                  stop it and delete its data
//
// The broker jars come from Maven Central through tools/kafka/pom.xml and are cached under
// .cache/kafka/<version>/libs (git-ignored). Each named instance keeps its data, logs and pid under
// .cache/kafka/instances/<name>, so `npm start` (name dev, port 9092) and `npm test` (name test,
// port 19092) never share a broker.
//
// The broker's effective configuration is fingerprinted. Starting a running broker whose
// configuration changed (a SASL listener added, say) restarts it on the same data; nothing needs
// re-formatting. SCRAM users are upserted through the AlterUserScramCredentials API on every start,
// so an existing data directory gains them too.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
    fingerprint: join(dir, 'broker.fingerprint'),
    saslPort: join(dir, 'broker.sasl-port'),
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
  const heap = heapFlags();
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

// The SASL_PLAINTEXT listener authenticates with SCRAM (both hashes); the broker itself keeps
// talking to itself over PLAINTEXT, so it needs no credentials of its own.
function saslLines(saslPort) {
  if (saslPort === undefined) return [];
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  return [
    'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512',
    `listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=${scram}`,
    `listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=${scram}`,
  ];
}

/** The broker's server.properties text; without a SASL port it is the plain listener alone. */
export function brokerConfig(paths, { port, saslPort }) {
  const controllerPort = port + 1;
  const sasl = saslPort === undefined ? '' : `,SASL_PLAINTEXT://127.0.0.1:${saslPort}`;
  const saslMap = saslPort === undefined ? '' : ',SASL_PLAINTEXT:SASL_PLAINTEXT';
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}${sasl}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}${sasl}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${saslMap}`,
    ...saslLines(saslPort),
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
  ].join('\n');
}

function heapFlags() {
  return process.env.CONCORD_KAFKA_HEAP ?? '-Xms128m -Xmx512m';
}

/** What the broker runs with: its server.properties and JVM heap, hashed. */
function fingerprintOf(configText) {
  return createHash('sha256').update(`${configText}\n${heapFlags()}`).digest('hex');
}

// A broker started before fingerprints existed has only its server.properties on disk.
function runningFingerprint(paths) {
  if (existsSync(paths.fingerprint)) return readFileSync(paths.fingerprint, 'utf8').trim();
  if (existsSync(paths.config)) return fingerprintOf(readFileSync(paths.config, 'utf8'));
  return undefined;
}

function writeConfig(paths, configText) {
  writeFileSync(paths.config, configText);
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

/**
 * A KRaft cluster id: 16 random bytes in base64url. One that starts with `-` would be read as an
 * option by kafka-storage's argument parser (one format in 64 failed so), so Kafka's own
 * generator, and this one, draw again.
 */
function newClusterId() {
  for (;;) {
    const id = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function formatStorage(paths) {
  if (existsSync(join(paths.data, 'meta.properties'))) return;
  mkdirSync(paths.data, { recursive: true });
  const clusterId = newClusterId();
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
function kafkaRequest(port, apiKey, apiVersion, body, { flexible = false } = {}) {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const clientId = Buffer.from('concord-kafka-script');
    const header = Buffer.alloc(2 + 2 + 4 + 2);
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(apiVersion, 2);
    header.writeInt32BE(7, 4);
    header.writeInt16BE(clientId.length, 8);
    // Flexible versions (KIP-482) use request header v2: the same fields, then empty tagged fields.
    const tagged = flexible ? Buffer.from([0]) : Buffer.alloc(0);
    const payload = Buffer.concat([header, clientId, tagged, body]);
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

// ---- SCRAM users (KIP-554 AlterUserScramCredentials / DescribeUserScramCredentials) -----------
// kafkajs has no client for these APIs, and the kafka-configs tool would need the heavy
// kafka-tools jars, so the script speaks the two (flexible-version) requests itself.

/** The user the SASL listener of a development or test broker knows, unless told otherwise. */
export const DEFAULT_SCRAM_USER = Object.freeze({
  name: 'concord',
  password: 'concord-test-secret',
});

const SCRAM_MECHANISMS = [
  { id: 1, name: 'SCRAM-SHA-256', hash: 'sha256', bytes: 32 },
  { id: 2, name: 'SCRAM-SHA-512', hash: 'sha512', bytes: 64 },
];
const SCRAM_ITERATIONS = 4096;

function uvarint(value) {
  const bytes = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

const compactBytes = (buffer) => Buffer.concat([uvarint(buffer.length + 1), buffer]);
const compactString = (text) => compactBytes(Buffer.from(text, 'utf8'));
const int8 = (value) => Buffer.from([value]);
function int32(value) {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}
const EMPTY_TAGS = Buffer.from([0]);

function compactArray(items) {
  return Buffer.concat([uvarint(items.length + 1), ...items]);
}

/** A cursor over a flexible-version response body. */
function reader(buffer) {
  let at = 0;
  const self = {
    uvarint() {
      let value = 0;
      let shift = 0;
      for (;;) {
        const byte = buffer[at++];
        value |= (byte & 0x7f) << shift;
        if ((byte & 0x80) === 0) return value;
        shift += 7;
      }
    },
    int8: () => buffer.readInt8((at += 1) - 1),
    int16: () => buffer.readInt16BE((at += 2) - 2),
    int32: () => buffer.readInt32BE((at += 4) - 4),
    compactString() {
      const length = self.uvarint() - 1;
      if (length < 0) return null;
      const text = buffer.toString('utf8', at, at + length);
      at += length;
      return text;
    },
    skipTags() {
      for (let count = self.uvarint(); count > 0; count -= 1) {
        self.uvarint();
        at += self.uvarint();
      }
    },
  };
  return self;
}

// Response header v1 (correlation id, tagged fields), then the body's throttle time.
function openFlexibleResponse(response) {
  const body = reader(response);
  body.int32();
  body.skipTags();
  body.int32();
  return body;
}

function upsertion({ name, password }, mechanism) {
  const salt = randomBytes(24);
  const salted = pbkdf2Sync(
    password.normalize('NFKC'),
    salt,
    SCRAM_ITERATIONS,
    mechanism.bytes,
    mechanism.hash,
  );
  return Buffer.concat([
    compactString(name),
    int8(mechanism.id),
    int32(SCRAM_ITERATIONS),
    compactBytes(salt),
    compactBytes(salted),
    EMPTY_TAGS,
  ]);
}

/**
 * Sets each user's SCRAM-SHA-256 and SCRAM-SHA-512 credentials (AlterUserScramCredentials v0).
 * A request may change a user only once, so there is one request per mechanism.
 */
export async function upsertScramUsers(port, users) {
  for (const mechanism of SCRAM_MECHANISMS) {
    const upsertions = users.map((user) => upsertion(user, mechanism));
    const body = Buffer.concat([compactArray([]), compactArray(upsertions), EMPTY_TAGS]);
    const response = await kafkaRequest(port, 51, 0, body, { flexible: true });
    if (!response) {
      throw new Error(`the broker on 127.0.0.1:${port} did not answer AlterUserScramCredentials`);
    }
    const results = openFlexibleResponse(response);
    const failures = [];
    for (let count = results.uvarint() - 1; count > 0; count -= 1) {
      const user = results.compactString();
      const errorCode = results.int16();
      const message = results.compactString();
      results.skipTags();
      if (errorCode !== 0) failures.push(`${user}: error ${errorCode} ${message ?? ''}`.trim());
    }
    if (failures.length > 0) {
      throw new Error(`could not set ${mechanism.name} users: ${failures.join('; ')}`);
    }
  }
}

/** Whether the broker already knows every SCRAM mechanism of every user (its metadata caught up). */
async function knowsScramUsers(port, users) {
  const wanted = compactArray(
    users.map(({ name }) => Buffer.concat([compactString(name), EMPTY_TAGS])),
  );
  const response = await kafkaRequest(port, 50, 0, Buffer.concat([wanted, EMPTY_TAGS]), {
    flexible: true,
  });
  if (!response) return false;
  const body = openFlexibleResponse(response);
  if (body.int16() !== 0) return false;
  body.compactString();
  for (let count = body.uvarint() - 1; count > 0; count -= 1) {
    body.compactString();
    const errorCode = body.int16();
    body.compactString();
    let mechanisms = 0;
    for (let infos = body.uvarint() - 1; infos > 0; infos -= 1) {
      body.int8();
      body.int32();
      body.skipTags();
      mechanisms += 1;
    }
    body.skipTags();
    if (errorCode !== 0 || mechanisms < SCRAM_MECHANISMS.length) return false;
  }
  return true;
}

async function ensureScramUsers(port, users, timeoutMs = 15_000) {
  await upsertScramUsers(port, users);
  const deadline = Date.now() + timeoutMs;
  while (!(await knowsScramUsers(port, users))) {
    if (Date.now() > deadline)
      throw new Error('the broker did not confirm its SCRAM users in time');
    await new Promise((r) => setTimeout(r, 200));
  }
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

/**
 * Starts (or reuses) the named broker. With `saslPort`, the broker also listens with SASL/SCRAM
 * there, and `scramUsers` (default DEFAULT_SCRAM_USER) can authenticate. A running broker whose
 * configuration differs from the requested one is restarted on its data.
 */
export async function start({
  name = 'dev',
  port = 9092,
  saslPort,
  scramUsers = [DEFAULT_SCRAM_USER],
  timeoutMs = 90_000,
} = {}) {
  const paths = instancePaths(name);
  const configText = brokerConfig(paths, { port, saslPort });
  const fingerprint = fingerprintOf(configText);
  const pid = readPid(paths);
  const ready = async (result) => {
    if (saslPort !== undefined) await ensureScramUsers(port, scramUsers);
    return { ...result, saslPort };
  };
  if (pid && isAlive(pid) && (await answersMetadata(port))) {
    if (runningFingerprint(paths) === fingerprint) {
      log(`reusing the running broker "${name}" (pid ${pid}) on 127.0.0.1:${port}`);
      return ready({ name, port, pid, reused: true });
    }
    log(`broker "${name}" runs with another configuration; restarting it`);
    await stop({ name });
  } else if (await answersMetadata(port)) {
    log(`a Kafka broker already answers on 127.0.0.1:${port}; reusing it`);
    if (saslPort !== undefined)
      log(`it was not started by this script: its SASL listener on ${saslPort} is not checked`);
    return ready({ name, port, pid: undefined, reused: true });
  }
  resolveJars();
  mkdirSync(paths.dir, { recursive: true });
  writeConfig(paths, configText);
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
  writeFileSync(paths.fingerprint, fingerprint);
  if (saslPort === undefined) rmSync(paths.saslPort, { force: true });
  else writeFileSync(paths.saslPort, String(saslPort));
  const listeners = saslPort === undefined ? '' : ` (SASL/SCRAM on ${saslPort})`;
  log(
    `starting broker "${name}" (pid ${child.pid}) on 127.0.0.1:${port}${listeners}, Kafka ${kafkaVersion}`,
  );
  const started = Date.now();
  await waitUntilAnswering(port, child.pid, paths, timeoutMs);
  log(`broker "${name}" answers metadata requests after ${Date.now() - started} ms`);
  return ready({ name, port, pid: child.pid, reused: false });
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
    else if (arg === '--sasl-port') options.saslPort = Number(argv[++i]);
    else if (arg === '--no-sasl') options.saslPort = null;
    else throw new Error(`unknown option ${arg}`);
  }
  if (options.port !== undefined && !(options.port > 0 && options.port < 65535)) {
    throw new Error('--port must be a TCP port number');
  }
  if (options.saslPort != null && !(options.saslPort > 0 && options.saslPort < 65535)) {
    throw new Error('--sasl-port must be a TCP port number');
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
    case 'start': {
      // Like the port, the SASL port is remembered, so a plain `start` keeps the listener.
      const saslPort =
        options.saslPort === null
          ? undefined
          : (options.saslPort ??
            (existsSync(paths.saslPort)
              ? Number(readFileSync(paths.saslPort, 'utf8'))
              : undefined));
      await start({ ...options, port, saslPort });
      process.stdout.write(`127.0.0.1:${port}\n`);
      break;
    }
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
