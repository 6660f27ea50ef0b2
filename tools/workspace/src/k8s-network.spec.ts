import { ensureBuilt } from '@concord/testing';

import {
  appsOfStart,
  find,
  type K8sObject,
  ofKind,
  podTemplate,
  renderOverlay,
} from './k8s/rendered-manifests';

// Who may reach what, read from the rendered Ingress and NetworkPolicies of each overlay.
const INGRESS_NAMESPACE = 'ingress-nginx';
const MONITORING_NAMESPACE = 'monitoring';

interface Peer {
  namespaceSelector?: { matchLabels?: Record<string, string> };
  podSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: Array<{ port: number | string }>;
}

ensureBuilt();
const systems = appsOfStart()
  .filter((a) => a.name.startsWith('connector-'))
  .map((a) => a.name.slice('connector-'.length));

const selectsPod = (selector: Peer['podSelector'], labels: Record<string, string>): boolean =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

/** The rules of one direction that apply to pods with these labels. */
function rulesFor(
  objects: K8sObject[],
  labels: Record<string, string>,
  type: 'ingress' | 'egress',
): Rule[] {
  return ofKind(objects, 'NetworkPolicy')
    .filter((p) => selectsPod(p.spec.podSelector, labels))
    .flatMap((p) => (p.spec[type] ?? []) as Rule[]);
}

const namespaceOf = (peer: Peer): string | undefined =>
  peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];

const podLabels = (objects: K8sObject[], name: string): Record<string, string> =>
  podTemplate(find(objects, 'Deployment', name) as K8sObject).metadata.labels;

describe.each(['dev', 'prod'])('the %s overlay, rendered', (overlay) => {
  const objects = renderOverlay(overlay);
  const ingress = find(objects, 'Ingress', 'concord') as K8sObject;
  const paths = (
    ingress.spec.rules as Array<{
      host: string;
      http: { paths: Array<{ path: string; backend: { service: { name: string } } }> };
    }>
  ).flatMap((r) =>
    r.http.paths.map((p) => ({ host: r.host, path: p.path, service: p.backend.service.name })),
  );
  const backends = [...new Set(paths.map((p) => p.service))];

  it('routes the API and each connector webhook path through one TLS Ingress, and nothing else', () => {
    const host = ingress.spec.rules[0].host as string;
    expect(ingress.spec.tls).toEqual([{ hosts: [host], secretName: expect.any(String) }]);
    expect(paths).toEqual(
      expect.arrayContaining([
        { host, path: '/v1', service: 'catalog-service' },
        ...systems.map((s) => ({ host, path: `/webhooks/${s}`, service: `connector-${s}` })),
      ]),
    );
    for (const { path } of paths) expect(path).not.toMatch(/^\/(metrics|health|_control)/);
    expect(backends).not.toContain('simulator');
    for (const system of systems) {
      const env = podTemplate(find(objects, 'Deployment', `connector-${system}`) as K8sObject).spec
        .containers[0].env as Array<{ name: string; value: string }>;
      const publicUrl = env.find((e) => e.name === 'CONNECTOR_PUBLIC_URL')?.value;
      // Production registers the Ingress host with the provider; development hands the
      // in-namespace simulator the connector's own Service.
      expect(publicUrl).toBe(
        overlay === 'prod' ? `https://${host}` : `http://connector-${system}.concord.svc`,
      );
    }
  });

  it('denies all traffic of the namespace unless a policy opens it', () => {
    const deny = ofKind(objects, 'NetworkPolicy').find(
      (p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress,
    );
    expect(deny?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it("lets only the Ingress controller (and Prometheus) reach the apps' HTTP ports", () => {
    for (const service of backends) {
      const labels = podLabels(objects, service);
      const rules = rulesFor(objects, labels, 'ingress');
      expect(rules.some((r) => r.from?.some((p) => namespaceOf(p) === INGRESS_NAMESPACE))).toBe(
        true,
      );
      for (const rule of rules) {
        expect(rule.from?.length).toBeGreaterThan(0);
        for (const peer of rule.from ?? []) {
          const allowed =
            [INGRESS_NAMESPACE, MONITORING_NAMESPACE].includes(namespaceOf(peer) ?? '') ||
            // development: the simulators deliver webhooks from inside the namespace
            (overlay === 'dev' &&
              !peer.namespaceSelector &&
              peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'simulator');
          expect({ service, peer, allowed }).toEqual({ service, peer, allowed: true });
        }
      }
    }
  });

  it('lets monitoring reach every port Prometheus is told to scrape', () => {
    const scraped = ofKind(objects, 'Deployment').filter(
      (d) => podTemplate(d).metadata.annotations?.['prometheus.io/scrape'] === 'true',
    );
    expect(scraped.map((d) => d.metadata.name)).toEqual(
      expect.arrayContaining(['catalog-service', ...systems.map((s) => `connector-${s}`)]),
    );
    for (const deployment of scraped) {
      const pod = podTemplate(deployment);
      const portNumber = Number(pod.metadata.annotations['prometheus.io/port']);
      const portName = (
        pod.spec.containers[0].ports as Array<{ name: string; containerPort: number }>
      ).find((p) => p.containerPort === portNumber)?.name;
      const open = rulesFor(objects, pod.metadata.labels, 'ingress').some(
        (r) =>
          r.from?.some((p) => namespaceOf(p) === MONITORING_NAMESPACE) &&
          r.ports?.some((p) => p.port === portName || p.port === portNumber),
      );
      expect({ app: deployment.metadata.name, open }).toEqual({
        app: deployment.metadata.name,
        open: true,
      });
    }
  });

  it('lets the apps reach DNS, Kafka, PostgreSQL and Redis, and the connectors public HTTPS', () => {
    const portsTo = (rules: Rule[], match: (peers?: Peer[]) => boolean): Array<number | string> =>
      rules.filter((r) => match(r.to)).flatMap((r) => (r.ports ?? []).map((p) => p.port));
    for (const app of [
      'catalog-service',
      'outbox-relay',
      ...systems.map((s) => `connector-${s}`),
    ]) {
      const rules = rulesFor(objects, podLabels(objects, app), 'egress');
      expect(portsTo(rules, (to) => !!to?.some((p) => namespaceOf(p) === 'kube-system'))).toContain(
        53,
      );
      expect(portsTo(rules, (to) => !!to?.some((p) => namespaceOf(p) === 'kafka'))).toContain(9092);
      expect(portsTo(rules, (to) => !to)).toEqual(expect.arrayContaining([5432, 6379]));
    }
    for (const system of systems) {
      const rules = rulesFor(objects, podLabels(objects, `connector-${system}`), 'egress');
      const https = rules.find((r) => r.to?.some((p) => p.ipBlock?.cidr === '0.0.0.0/0'));
      expect(https?.ports).toEqual([{ protocol: 'TCP', port: 443 }]);
      // Public addresses only: not the cluster's own networks or the metadata endpoint.
      expect(https?.to?.[0].ipBlock?.except).toEqual(
        expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16']),
      );
    }
  });

  it("never lets the simulators' APIs be reached from outside their namespace", () => {
    const simulator = find(objects, 'Deployment', 'simulator');
    if (overlay === 'prod') {
      expect(simulator).toBeUndefined();
      return;
    }
    const rules = rulesFor(objects, podTemplate(simulator as K8sObject).metadata.labels, 'ingress');
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.from?.length).toBeGreaterThan(0);
      for (const peer of rule.from ?? []) expect(peer).toEqual({ podSelector: expect.any(Object) });
    }
  });
});
