import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ensureBuilt } from '@concord/testing';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';

// The compose file and the Kubernetes manifests are written and checked, not run here (no Docker
// engine): these checks keep them valid and in step with the apps `npm start` runs.
const root = join(__dirname, '..', '..', '..');

function appNames(): string[] {
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { apps } = await import('./tools/scripts/apps.mjs'); console.log(JSON.stringify(apps.map((a) => a.name)));",
    ],
    { cwd: root, encoding: 'utf8' },
  );
  return JSON.parse(out) as string[];
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}

function manifests(): Array<{ file: string; object: K8sObject }> {
  const dir = join(root, 'docker', 'k8s');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => ({
        file,
        object: doc.toJSON() as K8sObject,
      })),
    );
}

// kubernetes-models validates each object offline against the Kubernetes OpenAPI schemas.
function modelFor(object: K8sObject): { validate(): void } | undefined {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['core', object.apiVersion];
  const modulePath =
    group === 'core' ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  const models = require(modulePath) as Record<string, new (o: K8sObject) => { validate(): void }>;
  const Model = models[object.kind];
  return Model ? new Model(object) : undefined;
}

describe('deployables', () => {
  const apps = appNames();

  it('gives every app a compose service', () => {
    const compose = parseAllDocuments(
      readFileSync(join(root, 'docker', 'compose.yaml'), 'utf8'),
    )[0].toJSON() as {
      services: Record<string, unknown>;
    };
    for (const app of apps) expect(Object.keys(compose.services)).toContain(app);
  });

  it('gives every app a Kubernetes Deployment', () => {
    const deployments = manifests()
      .filter(({ object }) => object.kind === 'Deployment')
      .map(({ object }) => object.metadata.name);
    for (const app of apps) {
      expect(existsSync(join(root, 'docker', 'k8s', `${app}.yaml`))).toBe(true);
      expect(deployments).toContain(app);
    }
  });

  it('writes only valid Kubernetes objects', () => {
    const checked: string[] = [];
    for (const { file, object } of manifests()) {
      if (
        object.apiVersion.startsWith('kafka.strimzi.io') ||
        object.apiVersion.startsWith('keda.sh')
      )
        continue;
      const model = modelFor(object);
      expect(model).toBeDefined();
      expect(() => model?.validate()).not.toThrow();
      checked.push(`${file}:${object.kind}/${object.metadata.name}`);
    }
    expect(checked.length).toBeGreaterThan(0);
  });

  it('declares every topic of the deployment as a valid Strimzi KafkaTopic, as generated', () => {
    ensureBuilt();
    const expected = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { createRequire } from 'node:module'; const { kafkaTopicManifests } = await import('./tools/scripts/k8s-topics.mjs'); const model = createRequire(import.meta.url)('./dist/node_modules/@concord/model'); console.log(JSON.stringify(kafkaTopicManifests(model)));",
        ],
        { cwd: root, encoding: 'utf8' },
      ),
    ) as K8sObject[];
    const declared = manifests()
      .filter(({ file }) => file === 'kafka-topics.yaml')
      .map(({ object }) => object);
    expect(declared).toEqual(expected);
    const schema = JSON.parse(
      readFileSync(join(root, 'specs', 'strimzi', 'kafkatopic-v1beta2.schema.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    for (const topic of declared) {
      expect({
        topic: topic.metadata.name,
        errors: validate(topic) ? null : validate.errors,
      }).toEqual({
        topic: topic.metadata.name,
        errors: null,
      });
    }
    expect(declared.map((t) => t.metadata.name)).toEqual(
      expect.arrayContaining([
        'catalog.customer.v1',
        'connector.stripe.inbound.v1',
        'dlq.connector-stripe.v1',
      ]),
    );
  });
});
