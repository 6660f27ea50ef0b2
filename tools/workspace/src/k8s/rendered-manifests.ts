import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { parseAllDocuments } from 'yaml';

// What the checks read: the output of `npm run k8s:render -- --overlay <name>`, as kubectl would.
export const root = join(__dirname, '..', '..', '..', '..');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // Each check reads the fields of the kinds it checks; the schemas are validated separately.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
}

/** Needs the built model (dist/): the specs call ensureBuilt() first. */
export function renderOverlay(overlay: string): K8sObject[] {
  const out = execFileSync(
    process.execPath,
    ['tools/scripts/k8s-render.mjs', '--overlay', overlay],
    { cwd: root, encoding: 'utf8' },
  );
  return parseAllDocuments(out).map((doc) => doc.toJSON() as K8sObject);
}

export interface AppEntry {
  name: string;
  port: number;
  metricsPath?: string;
  /** What `npm start`'s banner links to: something calls the app over HTTP. */
  links?: unknown[];
}

export function appsOfStart(): AppEntry[] {
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { apps } = await import('./tools/scripts/apps.mjs'); console.log(JSON.stringify(apps.map(({ name, port, metricsPath, links }) => ({ name, port, metricsPath, links }))));",
    ],
    { cwd: root, encoding: 'utf8' },
  );
  return JSON.parse(out) as AppEntry[];
}

export const find = (objects: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

export const ofKind = (objects: K8sObject[], kind: string): K8sObject[] =>
  objects.filter((o) => o.kind === kind);

/** NetworkPolicy and Service selectors here use matchLabels only; {} selects every pod. */
export function selects(
  selector: { matchLabels?: Record<string, string> } | Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  const wanted =
    selector && 'matchLabels' in selector
      ? (selector.matchLabels as Record<string, string>)
      : ((selector ?? {}) as Record<string, string>);
  return Object.entries(wanted ?? {}).every(([key, value]) => labels[key] === value);
}

/** A workload's pod template: Deployments and Jobs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const podTemplate = (workload: K8sObject): any => workload.spec.template;
