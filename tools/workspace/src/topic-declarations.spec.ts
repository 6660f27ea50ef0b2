import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { OutboxRouting } from '@concord/catalog-outbox';
import { kitTopicSpecs } from '@concord/connector-kit';
import { topicCatalog, withTopicPrefix } from '@concord/model';

// Topic names, partitions and configs come from the model's topic catalog only
// (libs/model/src/lib/topics/topic-catalog.ts): a topic declared anywhere else, or with other
// partitions, splits the deployment (whichever process creates it first decides). This scans the
// production sources of every app and lib for a topic declared by hand.
const root = join(__dirname, '..', '..', '..');

const THE_CATALOG = 'libs/model/src/lib/topics/topic-catalog.ts';

/**
 * Places that may name partitions, and why:
 * - TopicAdmin turns a declaration into Kafka's createTopics request;
 * - ConsumerRunner's dead-letter/retry fallback for consumers outside Concord's catalog, used only
 *   when a `topicAdmin` is passed (no app passes one: checked below);
 * - the testing lib creates throwaway topics for specs.
 */
const ALLOWED = new Set([
  THE_CATALOG,
  'libs/kafka/src/lib/topic-admin.ts',
  'libs/kafka/src/lib/consumer-runner.ts',
]);
const TEST_ONLY = [/^libs\/testing\//, /\.(spec|int-spec|e2e-spec)\.ts$/, /\/test\//];

/** What declaring a topic by hand looks like. */
const DECLARATIONS: Array<[RegExp, string]> = [
  // A count must be a catalog descriptor's (`topic.partitions`), never a number or a setting.
  [
    /\bpartitions\??\s*[:=]\s*(?![\w.]*\.partitions\b|number\b)[\w(]/,
    'a partition count not from the catalog',
  ],
  [/\bnumPartitions\b/, "Kafka's createTopics partitions"],
  [/\.createTopics\s*\(/, 'createTopics outside TopicAdmin'],
  // A config taken from a catalog descriptor (`topic.compacted ? ... : ...`) is the catalog's.
  [/['"]cleanup\.policy['"]\s*:(?!.*\.compacted\b)(?<!\.compacted\b.*)/, 'a topic config literal'],
];

function sourcesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourcesUnder(path));
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) files.push(path);
  }
  return files;
}

function productionSources(): string[] {
  return ['apps', 'libs']
    .flatMap((top) => sourcesUnder(join(root, top)))
    .map((path) => relative(root, path).split('\\').join('/'))
    .filter((path) => path.includes('/src/') && !TEST_ONLY.some((re) => re.test(path)));
}

function declarationsIn(path: string, source: string): string[] {
  return source
    .split('\n')
    .flatMap((line, i) =>
      DECLARATIONS.filter(([pattern]) => pattern.test(line)).map(
        ([, what]) => `${path}:${i + 1}: ${what}: ${line.trim()}`,
      ),
    );
}

describe('topic declarations', () => {
  const sources = productionSources();

  it('scans the sources of every app and lib', () => {
    expect(sources).toContain(THE_CATALOG);
    expect(sources.some((path) => path.startsWith('apps/outbox-relay/src/'))).toBe(true);
    expect(sources.some((path) => path.startsWith('apps/catalog-service/src/'))).toBe(true);
  });

  it('finds no topic declared outside the model topic catalog', () => {
    const found = sources
      .filter((path) => !ALLOWED.has(path))
      .flatMap((path) => declarationsIn(path, readFileSync(join(root, path), 'utf8')));
    expect(found).toEqual([]);
  });

  it('would catch a topic declared by hand', () => {
    expect(
      declarationsIn(
        'apps/x/src/probe.ts',
        "ensureTopics([{ name: 'catalog.customer.v1', partitions: 6 }])",
      ),
    ).toHaveLength(1);
    expect(
      declarationsIn('apps/x/src/probe.ts', 'send(topic, messages, partitions = 6)'),
    ).toHaveLength(1);
  });

  it('leaves no app a way into the fallback of ConsumerRunner', () => {
    const passing = sources
      .filter((path) => path.startsWith('apps/'))
      .filter((path) => /\btopicAdmin\s*:/.test(readFileSync(join(root, path), 'utf8')));
    expect(passing).toEqual([]);
  });

  it('declares the outbox and connector topics with the partitions and configs of the catalog', () => {
    const systems = ['stripe', 'salesforce', 'xero'];
    const catalog = topicCatalog(systems, {
      consumerGroups: systems.map((system) => `connector-${system}`),
    });
    const expected = (name: string) => {
      const topic = catalog.find((t) => withTopicPrefix('p.', t.name) === name);
      return topic && { partitions: topic.partitions, compacted: topic.compacted };
    };
    const declared = [
      ...new OutboxRouting('p.').topics,
      ...systems.flatMap((system) => kitTopicSpecs(system, 'p.')),
    ];
    expect(declared.length).toBeGreaterThan(0);
    for (const spec of declared) {
      expect({ name: spec.name, partitions: spec.partitions, compacted: !!spec.config }).toEqual({
        name: spec.name,
        ...expected(spec.name),
      });
    }
    // The catalog topics: 12 partitions each, as the model says (the relay once made 6).
    expect(new OutboxRouting('').topics.find((t) => t.name === 'catalog.customer.v1')).toEqual({
      name: 'catalog.customer.v1',
      partitions: 12,
    });
  });
});
