// What the Kubernetes manifests take from the model's topic catalog (tools/scripts/k8s-render.mjs
// uses it): one Strimzi KafkaTopic per topic of the deployment, with the partitions and cleanup
// policy the apps ensure locally, and the partitions a consumer group can spread over its replicas.
import { apps } from './apps.mjs';

export function deployedSystems() {
  return apps
    .filter((a) => a.name.startsWith('connector-'))
    .map((a) => a.name.slice('connector-'.length));
}

export function deploymentTopics(model) {
  const systems = deployedSystems();
  return model.topicCatalog(systems, {
    consumerGroups: model.deadLetteringConsumerGroups(systems),
  });
}

/**
 * The KafkaTopics, in the namespace of the Kafka cluster: Strimzi's topic operator watches only
 * that one, and creates a topic only when the `strimzi.io/cluster` label names its cluster.
 */
export function kafkaTopicManifests(model, { namespace, cluster }) {
  return deploymentTopics(model).map((topic) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: { name: topic.name, namespace, labels: { 'strimzi.io/cluster': cluster } },
    spec: {
      partitions: topic.partitions,
      replicas: 3,
      config: {
        'cleanup.policy': topic.compacted ? 'compact' : 'delete',
        'min.insync.replicas': '2',
        ...(topic.compacted ? {} : { 'retention.ms': String(7 * 24 * 3600 * 1000) }),
      },
    },
  }));
}

/**
 * The topics consumer group `group` reads: `topic` when the scaler names one, else, for a
 * connector's group, the catalog topics and the connector's own retry topic (as the connector
 * kit subscribes them).
 */
export function consumedTopics(model, group, topic) {
  const catalog = deploymentTopics(model);
  if (topic) return catalog.filter((t) => t.name === topic);
  const system = deployedSystems().find((s) => model.connectorConsumerGroup(s) === group);
  if (!system) return [];
  return catalog.filter((t) => t.kind === 'catalog' || (t.kind === 'retry' && t.system === system));
}
