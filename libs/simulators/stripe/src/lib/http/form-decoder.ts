/** A decoded form or query value: Stripe's `a[b][0]=c` nesting. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** The body or query cannot be decoded; `param` names the offending key as Stripe would. */
export class FormDecodeError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'FormDecodeError';
  }
}

type Node =
  | { kind: 'value'; value: string }
  | { kind: 'object'; entries: Map<string, Node> }
  | { kind: 'array'; indexed: Map<number, Node>; pushed: Node[] };

/**
 * Decodes `application/x-www-form-urlencoded` with Stripe's (Rack-style) nesting:
 * `metadata[foo]=bar`, `expand[]=a`, `expand[0]=a`, `items[0][price]=p`. Empty strings are kept:
 * to Stripe they mean "unset".
 */
export function decodeForm(input: string): FormObject {
  const root: Node = { kind: 'object', entries: new Map() };
  for (const pair of input.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const rawKey = separator === -1 ? pair : pair.slice(0, separator);
    const rawValue = separator === -1 ? '' : pair.slice(separator + 1);
    const key = decodeComponent(rawKey);
    const value = decodeComponent(rawValue);
    const segments = splitKey(key);
    assign(root, segments, value, key);
  }
  return toValue(root) as FormObject;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new FormDecodeError(text, `Invalid URL encoding: ${text}`);
  }
}

/** `a[b][]` -> ['a', 'b', '']; a key with unbalanced brackets is one plain name. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    const match = /^\[([^[\]]*)\]/.exec(rest);
    if (!match) return [key];
    segments.push(match[1]);
    rest = rest.slice(match[0].length);
  }
  return segments;
}

function assign(node: Node, segments: string[], value: string, key: string): void {
  const [head, ...rest] = segments;
  if (node.kind === 'object') {
    const existing = node.entries.get(head);
    if (rest.length === 0) {
      if (existing && existing.kind !== 'value') throw conflict(key);
      node.entries.set(head, { kind: 'value', value });
      return;
    }
    const child = existing ?? containerFor(rest[0]);
    if (child.kind === 'value') throw conflict(key);
    if (child.kind === 'array' && !isArraySegment(rest[0])) throw conflict(key);
    if (child.kind === 'object' && isArraySegment(rest[0])) throw conflict(key);
    node.entries.set(head, child);
    assign(child, rest, value, key);
    return;
  }
  if (node.kind === 'array') {
    if (head === '') {
      if (rest.length === 0) {
        node.pushed.push({ kind: 'value', value });
        return;
      }
      // `a[][x]=1&a[][y]=2` fills one element until a key repeats (Rack's behaviour).
      const last = node.pushed[node.pushed.length - 1];
      const reuse = last?.kind === 'object' && !last.entries.has(rest[0]) ? last : undefined;
      const child = reuse ?? containerFor(rest[0]);
      if (!reuse) node.pushed.push(child);
      assign(child, rest, value, key);
      return;
    }
    const index = Number(head);
    if (rest.length === 0) {
      node.indexed.set(index, { kind: 'value', value });
      return;
    }
    const child = node.indexed.get(index) ?? containerFor(rest[0]);
    if (child.kind === 'value') throw conflict(key);
    node.indexed.set(index, child);
    assign(child, rest, value, key);
    return;
  }
  throw conflict(key);
}

function isArraySegment(segment: string): boolean {
  return segment === '' || /^\d+$/.test(segment);
}

function containerFor(nextSegment: string): Node {
  return isArraySegment(nextSegment)
    ? { kind: 'array', indexed: new Map(), pushed: [] }
    : { kind: 'object', entries: new Map() };
}

function conflict(key: string): FormDecodeError {
  const param = key.replace(/\[[^\]]*\].*$/, '');
  return new FormDecodeError(param, `Invalid ${param}: mixes a value, an array and a hash`);
}

function toValue(node: Node): FormValue {
  if (node.kind === 'value') return node.value;
  if (node.kind === 'object') {
    const out: FormObject = {};
    for (const [key, child] of node.entries) out[key] = toValue(child);
    return out;
  }
  const indexed = [...node.indexed.entries()].sort(([a], [b]) => a - b).map(([, child]) => child);
  return [...indexed, ...node.pushed].map(toValue);
}
