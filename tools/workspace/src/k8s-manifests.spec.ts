import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { kitTopics } from '@concord/connector-kit';
import { connectorConsumerGroup, deadLetteringConsumerGroups, topicCatalog } from '@concord/model';
import { ensureBuilt } from '@concord/testing';
import Ajv from 'ajv';

import {
  appsOfStart,
  find,
  type K8sObject,
  ofKind,
  podTemplate,
  renderOverlay,
  root,
  selects,
} from './k8s/rendered-manifests';

// The Kubernetes manifests are rendered and checked here, not applied (no cluster, no kubectl):
// each object against its schema, then what the deploy guide promises about them.
ensureBuilt();
const overlays = ['dev', 'prod'] as const;
const rendered = Object.fromEntries(overlays.map((o) => [o, renderOverlay(o)])) as Record<
  (typeof overlays)[number],
  K8sObject[]
>;
const apps = appsOfStart();
const systems = apps
  .filter((a) => a.name.startsWith('connector-'))
  .map((a) => a.name.slice('connector-'.length));

type Validator = { validate(): void };
function modelFor(object: K8sObject): Validator | undefined {
  if (object.apiVersion.startsWith('keda.sh/')) {
    const keda = require('@kubernetes-models/keda/keda.sh/v1alpha1') as Record<
      string,
      new (o: K8sObject) => Validator
    >;
    return keda[object.kind] ? new keda[object.kind](object) : undefined;
  }
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['core', object.apiVersion];
  const path =
    group === 'core' ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  const models = require(path) as Record<string, new (o: K8sObject) => Validator>;
  return models[object.kind] ? new models[object.kind](object) : undefined;
}

const strimziTopic = new Ajv({ strict: false, allErrors: true }).compile(
  JSON.parse(
    readFileSync(join(root, 'specs', 'strimzi', 'kafkatopic-v1beta2.schema.json'), 'utf8'),
  ) as object,
);

describe.each(overlays)('the %s overlay, rendered', (overlay) => {
  const objects = rendered[overlay];
  const deployments = ofKind(objects, 'Deployment');

  it('holds only objects that validate against their schemas', () => {
    const problems = objects.flatMap((object) => {
      const id = `${object.kind}/${object.metadata.name}`;
      if (object.kind === 'KafkaTopic') {
        return strimziTopic(object) ? [] : [`${id}: ${JSON.stringify(strimziTopic.errors)}`];
      }
      const model = modelFor(object);
      if (!model) return [`${id}: no schema for ${object.apiVersion}`];
      try {
        model.validate();
        return [];
      } catch (error) {
        return [`${id}: ${(error as Error).message}`];
      }
    });
    expect(problems).toEqual([]);
    expect(ofKind(objects, 'ScaledObject').length).toBeGreaterThan(0);
  });

  it('declares exactly the model topics, in the namespace and for the cluster Strimzi watches', () => {
    const topics = ofKind(objects, 'KafkaTopic');
    const config = find(objects, 'ConfigMap', 'concord-config');
    const [namespace, cluster] = [topics[0].metadata.namespace, topics[0].metadata.labels];
    expect(namespace).toBe('kafka');
    for (const topic of topics) {
      expect(topic.metadata.namespace).toBe(namespace);
      expect(topic.metadata.labels).toEqual(cluster);
    }
    // Strimzi names the bootstrap Service <cluster>-kafka-bootstrap in the cluster's namespace.
    expect(config?.data?.KAFKA_BROKERS).toMatch(
      new RegExp(`^${cluster?.['strimzi.io/cluster']}-kafka-bootstrap\\.${namespace}[.:]`),
    );
    const model = topicCatalog(systems, { consumerGroups: deadLetteringConsumerGroups(systems) });
    const declared = (name: string) => topics.find((t) => t.metadata.name === name);
    expect(
      model.map((t) => [
        t.name,
        declared(t.name)?.spec.partitions,
        declared(t.name)?.spec.config['cleanup.policy'],
      ]),
    ).toEqual(model.map((t) => [t.name, t.partitions, t.compacted ? 'compact' : 'delete']));
    // Beyond the model: only the dead-letter topics of the consumers deployed beside Concord.
    const groups = ofKind(objects, 'ScaledObject').flatMap((s) =>
      (s.spec.triggers as Array<{ metadata: { consumerGroup?: string } }>).map(
        (t) => `dlq.${t.metadata.consumerGroup}.v1`,
      ),
    );
    const extra = topics
      .map((t) => t.metadata.name)
      .filter((n) => !model.some((t) => t.name === n));
    for (const name of extra) expect(groups).toContain(name);
  });

  it('runs every workload non-root, read-only, without privileges, in a restricted namespace', () => {
    expect(find(objects, 'Namespace', 'concord')?.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    const workloads = [...deployments, ...ofKind(objects, 'Job')];
    expect(workloads.length).toBeGreaterThan(apps.length);
    for (const workload of workloads) {
      const pod = podTemplate(workload).spec;
      const id = `${workload.kind}/${workload.metadata.name}`;
      expect({ id, pod: pod.securityContext }).toMatchObject({
        id,
        pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      });
      // The image's user is `node` by name, which the kubelet cannot check as non-root.
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      const tmpVolumes = (pod.volumes ?? [])
        .filter((v: { emptyDir?: object }) => v.emptyDir)
        .map((v: { name: string }) => v.name);
      for (const container of pod.containers) {
        expect({ id, container: container.securityContext }).toEqual({
          id,
          container: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
        });
        const tmp = (container.volumeMounts ?? []).find(
          (m: { mountPath: string }) => m.mountPath === '/tmp',
        );
        expect({ id, tmp: tmpVolumes.includes(tmp?.name) }).toEqual({ id, tmp: true });
      }
    }
  });

  it('gives every app a Deployment, and a Service in front of the port others call', () => {
    const expected = apps.filter((a) => overlay === 'dev' || a.name !== 'simulator');
    for (const app of expected) {
      const deployment = find(objects, 'Deployment', app.name);
      expect({ app: app.name, deployment: !!deployment }).toEqual({
        app: app.name,
        deployment: true,
      });
      const pod = podTemplate(deployment as K8sObject);
      const ports = pod.spec.containers[0].ports as Array<{ name: string; containerPort: number }>;
      expect(ports.find((p) => p.containerPort === app.port)).toBeDefined();
      // A process only the kubelet probes (no links, no metrics) needs no Service.
      if (!app.links?.length && !app.metricsPath) continue;
      const service = find(objects, 'Service', app.name);
      expect({ app: app.name, service: !!service }).toEqual({ app: app.name, service: true });
      expect(selects(service?.spec.selector, pod.metadata.labels)).toBe(true);
      for (const port of service?.spec.ports ?? []) {
        expect(ports.map((p) => p.name)).toContain(port.targetPort);
      }
    }
    expect(apps.filter((a) => a.links?.length).length).toBeGreaterThanOrEqual(3);
    expect(find(objects, 'Deployment', 'example-consumer')).toBeDefined();
    expect(find(objects, 'Deployment', 'outbox-relay')).toBeDefined();
    // The simulators never reach production.
    if (overlay === 'prod') expect(find(objects, 'Deployment', 'simulator')).toBeUndefined();
  });

  it("scales every connector on its group's lag, up to the partitions of the topics it reads", () => {
    for (const system of systems) {
      const scaled = ofKind(objects, 'ScaledObject').find(
        (s) => s.spec.scaleTargetRef.name === `connector-${system}`,
      );
      const topics = kitTopics(system, '');
      const read = [...Object.values(topics.catalog), topics.retry];
      const partitions = topicCatalog(systems)
        .filter((t) => read.includes(t.name))
        .reduce((sum, t) => sum + t.partitions, 0);
      expect(read).toHaveLength(Object.keys(topics.catalog).length + 1);
      expect(scaled?.spec).toMatchObject({
        minReplicaCount: 1,
        maxReplicaCount: partitions,
        triggers: [{ type: 'kafka', metadata: { consumerGroup: connectorConsumerGroup(system) } }],
      });
      expect(scaled?.spec.triggers[0].metadata.topic).toBeUndefined();
    }
    const example = find(objects, 'ScaledObject', 'example-consumer');
    expect(example?.spec).toMatchObject({
      minReplicaCount: 1,
      maxReplicaCount: topicCatalog([]).find((t) => t.name === 'catalog.customer.v1')?.partitions,
    });
  });

  it('protects every Deployment that can run more than one replica with a PodDisruptionBudget', () => {
    const maxOf = (name: string): number => {
      const hpa = ofKind(objects, 'HorizontalPodAutoscaler').find(
        (h) => h.spec.scaleTargetRef.name === name,
      );
      const keda = ofKind(objects, 'ScaledObject').find((s) => s.spec.scaleTargetRef.name === name);
      return Math.max(
        find(objects, 'Deployment', name)?.spec.replicas ?? 1,
        hpa?.spec.maxReplicas ?? 1,
        keda?.spec.maxReplicaCount ?? 1,
      );
    };
    const several = deployments.filter((d) => maxOf(d.metadata.name) > 1);
    expect(several.map((d) => d.metadata.name)).toEqual(
      expect.arrayContaining(['catalog-service', ...systems.map((s) => `connector-${s}`)]),
    );
    for (const deployment of several) {
      const budget = ofKind(objects, 'PodDisruptionBudget').find((p) =>
        selects(p.spec.selector, podTemplate(deployment).metadata.labels),
      );
      expect({ deployment: deployment.metadata.name, budget: !!budget }).toEqual({
        deployment: deployment.metadata.name,
        budget: true,
      });
      // The API server refuses a budget that sets both.
      expect(Object.keys(budget?.spec ?? {}).filter((k) => k !== 'selector')).toHaveLength(1);
    }
  });
});
