import { freePort, recordRefusal } from '@concord/testing';
import fc from 'fast-check';

import { catalogServiceRoutes } from './controller-routes';
import {
  type FuzzRequest,
  fuzzRequests,
  type HostileRequest,
  hostileRequests,
} from './fuzz-arbitraries';
import { type SecurityCatalog, startSecurityCatalog } from './security-catalog';
import { type SeededTenant, seedTenant } from './seed-tenant';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261129);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 3000);

/** What makes a response a leak or a crash, whatever the request was. */
const STACK_TRACE = [
  /\n\s+at /,
  / {4}at /,
  /\/(?:work|home|app|usr|src|dist|node_modules)\/[\w./-]+\.(?:js|ts)/,
  /\b\w*Error: .*\n/,
  /\bQueryFailedError\b/,
  /\bTypeError\b/,
];

interface FuzzAnswer {
  status: number;
  text: string;
}

async function send(baseUrl: string, request: FuzzRequest): Promise<FuzzAnswer> {
  const url = `${baseUrl}${request.path}${request.query ? `?${request.query}` : ''}`;
  const controller = new AbortController();
  const response = await fetch(url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: controller.signal,
  });
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    return { status: response.status, text: await response.text() };
  }
  // The live activity stream never ends by itself: its first frames are the answer.
  const reader = response.body?.getReader();
  const first = await reader?.read();
  controller.abort();
  return { status: response.status, text: new TextDecoder().decode(first?.value) };
}

/** The documented error shape: `{ error: { code, category, message, details? } }`. */
function hasErrorShape(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: Record<string, unknown> };
    const error = body.error;
    return (
      typeof error?.['code'] === 'string' &&
      typeof error['category'] === 'string' &&
      typeof error['message'] === 'string'
    );
  } catch {
    return false;
  }
}

/** Why the answer is not the 400 naming the hidden value's field and rule, or null. */
function refusalNaming(answer: FuzzAnswer, request: HostileRequest): string | null {
  if (answer.status !== 400) return `HTTP ${answer.status}, not 400: ${answer.text.slice(0, 300)}`;
  const body = JSON.parse(answer.text) as {
    error?: { details?: { fields?: Array<{ field: string; message: string }> } };
  };
  const fields = body.error?.details?.fields ?? [];
  const match = fields.find((f) => f.field === request.field);
  if (!match) return `400 without the field ${request.field}: ${answer.text.slice(0, 300)}`;
  if (!match.message.includes(request.says)) {
    return `${request.field} named without "${request.says}": ${match.message}`;
  }
  return null;
}

/** Why the answer is unacceptable, or null. */
function problemWith(answer: FuzzAnswer): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  const trace = STACK_TRACE.find((pattern) => pattern.test(answer.text));
  if (trace) return `stack trace or internals in the body (${trace})`;
  if (answer.status >= 400 && !hasErrorShape(answer.text))
    return `HTTP ${answer.status} without the error shape`;
  if (answer.text.includes('"polluted"') && !answer.text.includes('"__proto__"')) {
    return 'a polluted prototype shows in the answer';
  }
  return null;
}

let catalog: SecurityCatalog;
let tenant: SeededTenant;

beforeAll(async () => {
  const notifyPort = await freePort();
  catalog = await startSecurityCatalog({
    NOTIFICATION_ALLOWED_LOOPBACK: `127.0.0.1:${notifyPort}`,
  });
  tenant = await seedTenant(catalog, notifyPort);
}, 180_000);

afterAll(() => catalog?.stop(), 60_000);

describe('fuzzing the REST API (fast-check, seeded)', () => {
  it('never answers 5xx, never shows a stack trace, and every error has the documented shape', async () => {
    const routes = catalogServiceRoutes();
    process.stdout.write(
      `fuzz: seed ${SEED} (override with FUZZ_SEED), ${RUNS} runs over ${routes.length} routes\n`,
    );
    const ids = [
      tenant.customerId,
      tenant.productId,
      tenant.invoiceId,
      tenant.secondKeyId,
      tenant.deadLetterId,
      'stripe',
    ];
    const tried = new Map<string, number>();
    const failures = new Map<string, string>();
    try {
      await fc.assert(
        fc.asyncProperty(
          fuzzRequests(
            routes,
            { tenant: tenant.key, admin: catalog.env.CONCORD_ADMIN_API_KEY },
            ids,
          ),
          async (request) => {
            tried.set(request.route, (tried.get(request.route) ?? 0) + 1);
            const answer = await send(catalog.app.url, request);
            catalog.responses.push(answer.text);
            const problem = problemWith(answer);
            if (problem !== null) {
              failures.set(request.route, problem);
              throw new Error(
                `${request.method} ${request.path}?${request.query}: ${problem}\n${answer.text.slice(0, 500)}`,
              );
            }
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    } finally {
      for (const route of routes) {
        const failure = failures.get(route);
        recordRefusal(
          'fuzz',
          `${tried.get(route) ?? 0} odd requests to ${route}`,
          failure === undefined,
          failure ?? 'no 5xx, no stack trace, error shape kept',
        );
      }
    }
    // Nothing the fuzzer provoked showed a key: not in any answer, not in the service's log.
    const secrets = {
      'tenant API key': tenant.key,
      'platform admin key': catalog.env.CONCORD_ADMIN_API_KEY,
      'secrets key ring': catalog.env.CONCORD_SECRETS_KEYS.split(':')[1],
    };
    for (const [name, secret] of Object.entries(secrets)) {
      const inResponses = catalog.responses.filter((text) => text.includes(secret)).length;
      const inLog = catalog.app.logs().includes(secret);
      recordRefusal(
        'secrets',
        `${name} in ${catalog.responses.length} fuzzed API responses and the catalog log`,
        inResponses === 0 && !inLog,
        `${inResponses} responses, log: ${inLog ? 'found' : 'absent'}`,
      );
      expect({ name, inResponses, inLog }).toEqual({ name, inResponses: 0, inLog: false });
    }
    // The service is still healthy and its prototypes clean after all of it.
    const after = await tenant.client.get<Record<string, unknown>>(
      `/v1/customers/${tenant.customerId}?includeDeleted=true`,
    );
    expect(after.status).toBe(200);
    expect(after.body['polluted']).toBeUndefined();
  });

  it('answers hostile values inside otherwise valid bodies with a 400 naming the field', async () => {
    const runs = Number(process.env['FUZZ_HOSTILE_RUNS'] ?? 300);
    const tried = new Map<string, number>();
    const failures = new Map<string, string>();
    try {
      await fc.assert(
        fc.asyncProperty(
          hostileRequests({
            customerId: tenant.customerId,
            productId: tenant.productId,
            notificationUrl: tenant.notificationUrl,
          }),
          async (request: HostileRequest) => {
            const label = `${request.kind} in ${request.method} ${request.path.split('?')[0]}`;
            tried.set(label, (tried.get(label) ?? 0) + 1);
            const answer = await send(catalog.app.url, {
              method: request.method,
              route: label,
              path: request.path,
              query: '',
              headers: {
                authorization: `Bearer ${tenant.key}`,
                'content-type': 'application/json',
                'if-match': '"1"',
              },
              body: request.body,
            });
            catalog.responses.push(answer.text);
            const named = refusalNaming(answer, request);
            if (named !== null) {
              failures.set(label, named);
              throw new Error(`${request.method} ${request.path} (${request.kind}): ${named}`);
            }
          },
        ),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
    } finally {
      for (const [label, count] of tried) {
        const failure = failures.get(label);
        recordRefusal(
          'fuzz',
          `${count} otherwise valid requests hiding ${label}`,
          failure === undefined,
          failure ?? '400 naming the field and the rule or limit',
        );
      }
    }
  });
});
