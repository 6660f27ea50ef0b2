import fc from 'fast-check';

/** One request the fuzzer sends. */
export interface FuzzRequest {
  method: string;
  /** The route template, e.g. `/v1/customers/:id` (for the report). */
  route: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Keys that the service should treat as data, never as the object's prototype. */
const POLLUTION_BODIES = [
  '{"__proto__":{"polluted":true,"scopes":["admin"]}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"name":"x","__proto__":{"tenantId":"other"},"metadata":{"__proto__":{"polluted":true}}}',
  '{"settings":{"__proto__":{"baseUrl":"http://169.254.169.254"}},"enabled":true}',
  '{"lines":[{"__proto__":{"quantity":1}}]}',
];

const QUERY_KEYS = [
  'limit',
  'cursor',
  'updatedSince',
  'system',
  'externalId',
  'includeDeleted',
  'email',
  'sku',
  'status',
  'customerId',
  'entityType',
  'action',
  '__proto__',
  'constructor',
];

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});

/** Odd values of every JSON type, plus the strings a parser trips on. */
const oddScalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    'NaN',
    '-1',
    '0',
    '1e309',
    '9'.repeat(40),
    '2026-13-45T99:99:99Z',
    '../../etc/passwd',
    "' OR 1=1 --",
    '%00',
    '\u0000',
    '\ud800',
    '😀'.repeat(10),
    'ＡＢＣ',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const oddValue = fc.oneof(
  { weight: 4, arbitrary: oddScalar },
  { weight: 1, arbitrary: fc.array(oddScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), oddScalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(200_000)) },
);

const BODY_FIELDS = [
  'name',
  'email',
  'sku',
  'unitPrice',
  'currency',
  'lines',
  'customerId',
  'number',
  'status',
  'metadata',
  'address',
  'enabled',
  'direction',
  'entityTypes',
  'settings',
  'url',
  'apiKey',
  'scopes',
  'graceSeconds',
  'id',
  'reason',
  'matchingKeys',
  'conflictPolicy',
  'fieldMappings',
  'issueDate',
  'dueDate',
  'phone',
];

const bodyText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .dictionary(fc.constantFrom(...BODY_FIELDS), oddValue, { maxKeys: 6 })
      .map((o) => JSON.stringify(o)),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.constantFrom(...POLLUTION_BODIES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{',
      '[]',
      '""',
      'null',
      '{"a":',
      '\u0000',
      '{"name":"x"}'.repeat(3),
    ),
  },
  { weight: 1, arbitrary: fc.constant(`{"name":"${'y'.repeat(2_000_000)}"}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      `{"name":"x","metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      `{"lines":[${Array.from({ length: 100_000 }, () => '{}').join(',')}]}`,
      `{"name":"a\\u0000b","address":{"line1":"\\u001b"}}`,
    ),
  },
);

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(...QUERY_KEYS),
        fc.constantFrom('limit[]', 'cursor[a]', 'includeDeleted[0]', 'system[__proto__]'),
        printable,
      ),
      fc.oneof(
        printable,
        fc.constantFrom(
          '0',
          '-1',
          '101',
          '1e3',
          'true',
          'yes',
          '',
          'not-a-date',
          '2026-01-01',
          'stripe',
          'Not_A_System',
          '%ZZ',
        ),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  );

/** Header sets, with the Authorization shapes that a guard must survive. */
function headersArbitrary(keys: { tenant: string; admin: string }) {
  const authorization = fc.oneof(
    { weight: 6, arbitrary: fc.constant(`Bearer ${keys.tenant}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${keys.admin}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        'Bearer',
        'Bearer ',
        'Basic dXNlcjpwYXNz',
        `bearer ${keys.tenant}`,
        `Bearer ${keys.tenant}x`,
        `Bearer ${keys.tenant.slice(0, -3)}`,
        'Bearer a_b_c',
        'Bearer ___',
        `Bearer ${'k'.repeat(5000)}`,
      ),
    },
    { weight: 1, arbitrary: printable.map((text) => `Bearer ${text}`) },
  );
  return fc.record(
    {
      authorization,
      'content-type': fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=utf-16',
      ),
      'idempotency-key': fc.oneof(printable, fc.constant('k'.repeat(1000))),
      'if-match': fc.oneof(
        fc.constantFrom(
          '"1"',
          '1',
          '*',
          '"0"',
          '"-1"',
          'W/"1"',
          '"1", "2"',
          '"99999999999999999999"',
          '""',
        ),
        printable,
      ),
    },
    { requiredKeys: ['authorization'] },
  );
}

function fillPath(template: string, ids: readonly string[]) {
  const segment = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: printable.filter((s) => s !== '').map(encodeURIComponent) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '..',
        '%2e%2e',
        'stripe',
        'STRIPE',
        'a'.repeat(300),
        '%00',
        '00000000-0000-0000-0000-000000000000',
      ),
    },
  );
  const names = template.split('/').filter((part) => part.startsWith(':'));
  return fc.array(segment, { minLength: names.length, maxLength: names.length }).map((values) => {
    let index = 0;
    return template
      .split('/')
      .map((part) => (part.startsWith(':') ? values[index++] : part))
      .join('/');
  });
}

/** Requests to every route: odd bodies, headers and query strings. */
export function fuzzRequests(
  routes: readonly string[],
  keys: { tenant: string; admin: string },
  ids: readonly string[],
): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...routes).chain((route) => {
    const [method, template] = route.split(' ');
    return fc.record({
      method: fc.constant(method),
      route: fc.constant(route),
      path: fillPath(template, ids),
      query: queryString,
      headers: headersArbitrary(keys),
      body: method === 'GET' ? fc.constant(undefined) : fc.option(bodyText, { nil: undefined }),
    });
  });
}

/** What a hostile request hides in an otherwise valid body, and what the 400 must then say. */
export interface HostileRequest {
  method: string;
  path: string;
  body: string | undefined;
  /** The field the 400 must name. */
  field: string;
  /** Text the field's message must contain (the rule, or the limit it names). */
  says: string;
  /** For the report: what was hidden. */
  kind: 'a control character' | 'nesting 100,000 deep' | 'an array of 100,000 items';
}

/** Ids of a seeded tenant that valid bodies refer to. */
export interface ValidBodyIds {
  customerId: string;
  productId: string;
  notificationUrl: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A valid body for each write route the fuzzer attacks (valid apart from the hidden value). */
function validBodies(ids: ValidBodyIds): Array<{ method: string; path: string; body: Json }> {
  return [
    {
      method: 'POST',
      path: '/v1/customers',
      body: {
        name: 'Fuzz Customer',
        email: 'fuzz@example.com',
        phone: '+44 20 7946 0000',
        address: { line1: '1 Road', line2: 'Flat 2', city: 'Town', country: 'GB' },
        metadata: { segment: 'smb' },
      },
    },
    {
      method: 'POST',
      path: '/v1/products',
      body: {
        name: 'Fuzz Product',
        description: 'A product',
        sku: 'FUZZ-1',
        unitPrice: { amount: 100, currency: 'USD' },
      },
    },
    {
      method: 'POST',
      path: '/v1/invoices',
      body: {
        customerId: ids.customerId,
        number: 'FUZZ-INV',
        currency: 'USD',
        issueDate: '2026-01-01',
        lines: [{ productId: ids.productId, description: 'One', quantity: 1, unitAmount: 100 }],
        metadata: { po: '42' },
      },
    },
    {
      method: 'PUT',
      path: '/v1/integrations/stripe',
      body: {
        enabled: false,
        direction: 'both',
        entityTypes: ['customer', 'product'],
        matchingKeys: { customer: ['email'] },
        fieldMappings: [
          { entityType: 'customer', canonicalField: 'metadata.segment', externalField: 'Segment' },
        ],
        settings: { baseUrl: 'https://api.stripe.com' },
      },
    },
    { method: 'POST', path: '/v1/api-keys', body: { name: 'fuzz reader', scopes: ['read'] } },
    { method: 'PUT', path: '/v1/notifications/webhook', body: { url: ids.notificationUrl } },
  ];
}

/** Every string leaf (and object key) of a value, as [dotted path, is a key]. */
function stringPaths(value: Json, path: string[] = []): Array<{ path: string[]; key: boolean }> {
  if (typeof value === 'string') return [{ path, key: false }];
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, item]) => [
    ...(Array.isArray(value) ? [] : [{ path: [...path, key], key: true }]),
    ...stringPaths(item, [...path, key]),
  ]);
}

function replaced(value: Json, path: readonly string[], replace: (old: Json) => Json): Json {
  if (path.length === 0) return replace(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      String(index) === head ? replaced(item, rest, replace) : item,
    );
  }
  if (typeof value !== 'object' || value === null) return value;
  return { ...value, [head]: replaced(value[head], rest, replace) };
}

function renamedKey(value: Json, path: readonly string[], newKey: string): Json {
  const parent = path.slice(0, -1);
  const key = path[path.length - 1];
  return replaced(value, parent, (object) => {
    if (typeof object !== 'object' || object === null || Array.isArray(object)) return object;
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k === key ? newKey : k, v]));
  });
}

const forbiddenControl = fc
  .constantFrom(...[0, 1, 7, 8, 11, 12, 14, 27, 31])
  .map((code) => String.fromCharCode(code));

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON text of a value nested `depth` levels deep, written without recursion. */
function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A placeholder the body's JSON text swaps for a value too big to build as an object. */
const SPLICE = '"__fuzz_splice__"';

/**
 * Otherwise valid bodies of every write route (and list queries) hiding one hostile value: a C0
 * control character in a string or key, a value nested 100,000 levels deep, or an array of
 * 100,000 items where any value goes; each must be a 400 naming the field and the rule or limit.
 */
export function hostileRequests(ids: ValidBodyIds): fc.Arbitrary<HostileRequest> {
  const bodies = validBodies(ids);
  const inBody = fc.constantFrom(...bodies).chain(({ method, path, body }) => {
    const strings = stringPaths(body);
    const topKeys = Object.keys(body as Record<string, Json>);
    const control = fc
      .tuple(fc.constantFrom(...strings), forbiddenControl, fc.nat())
      .map(([target, c, at]): HostileRequest => {
        const name = target.path[target.path.length - 1];
        const position = at % (name.length + 1);
        if (target.key) {
          const key = `${name.slice(0, position)}${c}${name.slice(position)}`;
          return {
            method,
            path,
            body: JSON.stringify(renamedKey(body, target.path, key)),
            field: [...target.path.slice(0, -1), key.replace(c, escaped(c))].join('.'),
            says: 'control characters',
            kind: 'a control character',
          };
        }
        return {
          method,
          path,
          body: JSON.stringify(
            replaced(body, target.path, (old) => {
              const text = String(old);
              const where = at % (text.length + 1);
              return `${text.slice(0, where)}${c}${text.slice(where)}`;
            }),
          ),
          field: target.path.join('.'),
          says: 'control characters',
          kind: 'a control character',
        };
      });
    const deep = fc
      .tuple(fc.constantFrom(...topKeys), fc.constantFrom('array' as const, 'object' as const))
      .map(([key, shape]): HostileRequest => ({
        method,
        path,
        body: JSON.stringify({ ...(body as object), [key]: '__fuzz_splice__' }).replace(
          SPLICE,
          deeplyNested(100_000, shape),
        ),
        field: key,
        says: 'more than 32 levels deep',
        kind: 'nesting 100,000 deep',
      }));
    const long = fc
      .tuple(fc.constantFrom(...topKeys), fc.constantFrom('0', '"read"', '{}', 'null'))
      .map(([key, item]): HostileRequest => ({
        method,
        path,
        body: JSON.stringify({ ...(body as object), [key]: '__fuzz_splice__' }).replace(
          SPLICE,
          `[${Array.from({ length: 100_000 }, () => item).join(',')}]`,
        ),
        field: key,
        says: 'at most 1000 items (has 100000)',
        kind: 'an array of 100,000 items',
      }));
    return fc.oneof({ weight: 3, arbitrary: control }, deep, long);
  });
  const inQuery = fc
    .tuple(
      fc.constantFrom(
        ['/v1/customers', 'email'],
        ['/v1/customers', 'externalId'],
        ['/v1/products', 'sku'],
        ['/v1/invoices', 'customerId'],
        ['/v1/sync/activity', 'system'],
      ),
      forbiddenControl,
    )
    .map(([[path, name], c]): HostileRequest => ({
      method: 'GET',
      path: `${path}?${name}=${encodeURIComponent(`a${c}b`)}`,
      body: undefined,
      field: name,
      says: 'control characters',
      kind: 'a control character',
    }));
  return fc.oneof({ weight: 5, arbitrary: inBody }, inQuery);
}
