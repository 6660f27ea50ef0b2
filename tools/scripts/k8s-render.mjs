#!/usr/bin/env node
// Renders Concord's Kubernetes manifests for one overlay, without kubectl or kustomize:
//   npm run k8s:render -- --overlay dev|prod [--out dist/k8s]
// It reads docker/k8s/base/*.yaml and the overlay's own files (docker/k8s/overlays/<name>/),
// fills the overlay's ${VARS}, adds what comes from the model (the KafkaTopics, each consumer
// ScaledObject's maxReplicaCount), applies the overlay's patches, and prints one YAML stream in
// apply order, or with --out writes it as numbered files, one per step of docs/deploy.md.
// Needs the built model: run `npm run build` first.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { consumedTopics, kafkaTopicManifests } from './k8s-topics.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const k8sDir = join(root, 'docker', 'k8s');
const require = createRequire(import.meta.url);

// Apply order: each step only needs what the steps before it created.
const steps = [
  { file: '00-namespace.yaml', kinds: ['Namespace'] },
  { file: '10-config.yaml', kinds: ['ConfigMap', 'NetworkPolicy'] },
  { file: '20-topics.yaml', kinds: ['KafkaTopic'] },
  { file: '30-migrate.yaml', kinds: ['Job'] },
  { file: '40-apps.yaml', kinds: null },
];

export function overlayNames() {
  return readdirSync(join(k8sDir, 'overlays')).sort();
}

function fail(message) {
  throw new Error(`k8s-render: ${message}`);
}

/** Fills `${NAME}` from the overlay's vars; a name the overlay does not set is an error. */
export function substitute(text, vars, file) {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name) => {
    if (!(name in vars)) fail(`${file} uses \${${name}}, which the overlay's vars do not set`);
    return String(vars[name]);
  });
}

function loadFile(path, vars) {
  const { parseAllDocuments } = require('yaml');
  const text = substitute(readFileSync(path, 'utf8'), vars, path.slice(root.length + 1));
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) fail(`${path}: ${doc.errors[0].message}`);
      return doc.toJSON();
    })
    .filter(Boolean);
}

/** A strategic merge, small: maps merge, lists of named items merge by name, null deletes. */
export function merge(base, patch) {
  if (Array.isArray(patch)) {
    const named = Array.isArray(base) && patch.every((item) => item?.name !== undefined);
    if (!named) return patch;
    const out = base.map((item) => {
      const over = patch.find((p) => p.name === item?.name);
      return over ? merge(item, over) : item;
    });
    return [...out, ...patch.filter((p) => !base.some((item) => item?.name === p.name))];
  }
  if (patch === null || typeof patch !== 'object') return patch;
  const out = { ...(base && typeof base === 'object' && !Array.isArray(base) ? base : {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = merge(out[key], value);
  }
  return out;
}

function applyPatches(objects, patches = []) {
  for (const { target, patch } of patches) {
    const hits = objects.filter(
      (o) => o.kind === target.kind && (!target.name || o.metadata.name === target.name),
    );
    if (hits.length === 0)
      fail(`a patch targets ${target.kind}/${target.name}, which is not there`);
    for (const hit of hits) objects[objects.indexOf(hit)] = merge(hit, patch);
  }
  return objects;
}

function loadModel() {
  const path = join(root, 'dist', 'node_modules', '@concord', 'model');
  if (!existsSync(path)) fail('the model is not built: run `npm run build` first');
  return require(path);
}

// A replica beyond the partitions of the topics it reads would get none and sit idle.
function setMaxReplicas(objects, model) {
  for (const scaled of objects.filter((o) => o.kind === 'ScaledObject')) {
    const kafka = scaled.spec.triggers.find((t) => t.type === 'kafka');
    if (!kafka) continue;
    const { consumerGroup, topic } = kafka.metadata;
    const topics = consumedTopics(model, consumerGroup, topic);
    if (topics.length === 0) {
      fail(
        `ScaledObject ${scaled.metadata.name}: no topic of the model for group ${consumerGroup}`,
      );
    }
    scaled.spec.maxReplicaCount = topics.reduce((sum, t) => sum + t.partitions, 0);
  }
  return objects;
}

/** The rendered objects of one overlay, grouped by apply step. */
export function render(overlayName) {
  const overlayDir = join(k8sDir, 'overlays', overlayName);
  if (!existsSync(join(overlayDir, 'overlay.yaml'))) {
    fail(`no overlay "${overlayName}" (have: ${overlayNames().join(', ')})`);
  }
  const { parse } = require('yaml');
  const overlay = parse(readFileSync(join(overlayDir, 'overlay.yaml'), 'utf8'));
  const vars = overlay.vars ?? {};
  const files = [
    ...readdirSync(join(k8sDir, 'base'))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(k8sDir, 'base', f)),
    ...(overlay.resources ?? []).map((f) => join(overlayDir, f)),
  ];
  const model = loadModel();
  const topics = kafkaTopicManifests(model, {
    namespace: vars.KAFKA_NAMESPACE,
    cluster: vars.KAFKA_CLUSTER,
  });
  const objects = [...files.flatMap((f) => loadFile(f, vars)), ...topics];
  const rendered = setMaxReplicas(applyPatches(objects, overlay.patches), model);
  const claimed = new Set(steps.flatMap((s) => s.kinds ?? []));
  return steps.map((step) => ({
    file: step.file,
    objects: rendered.filter((o) =>
      step.kinds ? step.kinds.includes(o.kind) : !claimed.has(o.kind),
    ),
  }));
}

function toYaml(overlayName, objects) {
  const { stringify } = require('yaml');
  const header = `# Rendered by tools/scripts/k8s-render.mjs --overlay ${overlayName}. Do not edit.\n`;
  return header + objects.map((o) => stringify(o)).join('---\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { overlay: { type: 'string' }, out: { type: 'string' } },
  });
  try {
    if (!values.overlay) fail(`--overlay is required (${overlayNames().join(' or ')})`);
    const grouped = render(values.overlay);
    if (values.out) {
      const dir = resolve(values.out, values.overlay);
      mkdirSync(dir, { recursive: true });
      for (const { file, objects } of grouped) {
        writeFileSync(join(dir, file), toYaml(values.overlay, objects));
      }
      process.stdout.write(`wrote ${grouped.length} files to ${dir}\n`);
    } else {
      process.stdout.write(
        toYaml(
          values.overlay,
          grouped.flatMap((g) => g.objects),
        ),
      );
    }
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
