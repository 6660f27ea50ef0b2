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
