import { once } from 'node:events';
import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

import pino, { DestinationStream } from 'pino';
import pinoHttp from 'pino-http';

import { runWithCorrelation } from '../correlation/correlation-context';
import { createLogDestination } from './log-destination';
import { createPinoHttpOptions, isUnloggedRequest } from './logger-options';
import { maskSecrets } from './secret-masking';

class CollectingStream implements DestinationStream {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  get text(): string {
    return this.lines.join('');
  }

  parsed(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

async function serviceLogger(
  redactPaths?: string[],
  secretValues?: string[],
): Promise<{ logger: pino.Logger; out: CollectingStream }> {
  const out = new CollectingStream();
  const options = {
    serviceName: 'svc-under-test',
    logLevel: 'debug' as const,
    destination: out,
    redactPaths,
    secretValues,
  };
  const logger = pino(createPinoHttpOptions(options), createLogDestination(options));
  return { logger, out };
}

const secrets = {
  stripeKey: 'sk_test_51HxYzAbCdEf0123456789',
  liveKey: 'sk_live_99ZZyyXXww',
  webhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  concordKey: 'ck_live_3f9a1c0b7d',
  encrypted: 'enc:v1:k2024:Zm9vYmFyYmF6cXV4:c2VjcmV0',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
};

describe('log redaction', () => {
  it('redacts secret request headers', async () => {
    const { logger, out } = await serviceLogger();
    logger.info(
      {
        req: {
          method: 'POST',
          headers: {
            authorization: 'Bearer opaque-token-value',
            cookie: 'session=abc123',
            'stripe-signature': 't=1,v1=deadbeef',
            'x-xero-signature': 'c2lnbmF0dXJl',
            'content-type': 'application/json',
          },
        },
      },
      'request',
    );
    const [line] = out.parsed();
    expect(line?.['req']).toEqual({
      method: 'POST',
      headers: {
        authorization: '[REDACTED]',
        cookie: '[REDACTED]',
        'stripe-signature': '[REDACTED]',
        'x-xero-signature': '[REDACTED]',
        'content-type': 'application/json',
      },
    });
  });

  it('redacts secret fields at the top level and nested, plus any extra paths', async () => {
    const { logger, out } = await serviceLogger(['connection.settings.region']);
    logger.info({
      password: 'p1',
      connection: {
        apiKey: 'opaque-1',
        settings: { region: 'eu', oauth: { accessToken: 'opaque-2', refresh_token: 'opaque-3' } },
        credentials: { clientSecret: 'opaque-4' },
      },
      tenant: 't-1',
    });
    const text = out.text;
    for (const value of ['p1', 'opaque-1', 'opaque-2', 'opaque-3', 'opaque-4', '"eu"']) {
      expect(text).not.toContain(value);
    }
    expect(out.parsed()[0]).toMatchObject({
      tenant: 't-1',
      password: '[REDACTED]',
      service: 'svc-under-test',
    });
  });

  it('masks secret-shaped values in messages, odd fields, errors and child bindings, keeping valid JSON', async () => {
    const { logger, out } = await serviceLogger();
    logger.warn(`calling Stripe with ${secrets.stripeKey}`);
    logger.info(
      { note: secrets.webhookSecret, deep: { a: { b: { c: { d: [secrets.encrypted] } } } } },
      'odd',
    );
    logger.error(
      { err: new Error(`rejected key ${secrets.liveKey} for ${secrets.concordKey}`) },
      'failed',
    );
    logger.child({ upstream: `Bearer ${secrets.jwt}` }).info('with a child binding');
    logger.info({ target: 'postgres://app:hunter2@db:5432/catalog' }, 'connecting');

    expect(out.lines).toHaveLength(5);
    for (const value of [...Object.values(secrets), 'hunter2']) {
      expect(out.text).not.toContain(value);
    }
    const lines = out.parsed();
    expect(lines[0]?.['msg']).toBe('calling Stripe with [REDACTED]');
    expect(lines[1]?.['note']).toBe('[REDACTED]');
    expect(lines[3]?.['upstream']).toBe('Bearer [REDACTED]');
    expect(lines[4]?.['target']).toBe('postgres://app:[REDACTED]@db:5432/catalog');
  });

  it('masks every key shape the product issues, wherever it is logged', async () => {
    const issued = {
      tenantKey: 'ck_live_Ab3dEfGh1jKl_Q2w3E4r5T6y7U8i9O0pA1s2D3f4G5h6J7k8',
      stagingKey: 'ck_staging_Zz9yXx8wVv7u_mN3bV5cX7zL9kJ1hG3fD5sA7pO9iU1yT3rE',
      demoKey: 'ck_demo_concorddemo0_Zm9yIGRlbW8gdXNlIG9ubHkgLSBub3QgYSBzZWNyZXQ',
      adminKey: 'Xq7_zP0-vL3nM8kR2tY5wB9cF1hJ4dG6',
      restrictedKey: 'rk_test_51HxYzRestrictedQwErTy',
      refreshToken: '5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJo7tZHWK',
      sfAccessToken: '00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.q1Zk',
      bearer: 'opaque.bearer-token_VALUE',
    };
    const { logger, out } = await serviceLogger(undefined, [issued.adminKey]);
    logger.info(`created tenant key ${issued.tenantKey}`);
    logger.info({ key: issued.stagingKey }, 'rotated');
    logger.warn({ demo: { seeded: { with: { key: { value: issued.demoKey } } } } }, 'seeded');
    logger.error({ err: new Error(`admin key ${issued.adminKey} refused`) }, 'admin call');
    logger.info({ header: `Bearer ${issued.bearer}`, other: issued.restrictedKey }, 'call');
    logger.warn(
      `token endpoint answered {"access_token":"${issued.sfAccessToken}","refresh_token":"${issued.refreshToken}"}`,
    );
    logger.info({ a: { b: { c: { d: { e: { refreshToken: issued.refreshToken } } } } } }, 'deep');
    logger.info(
      `POST /token with body grant_type=refresh_token&refresh_token=${issued.refreshToken}`,
    );

    expect(out.lines).toHaveLength(8);
    const leaked = Object.entries(issued).filter(([, value]) => out.text.includes(value));
    expect(leaked.map(([name]) => name)).toEqual([]);
    const lines = out.parsed();
    expect(lines[0]?.['msg']).toBe('created tenant key [REDACTED]');
    expect(lines[7]?.['msg']).toBe(
      'POST /token with body grant_type=refresh_token&refresh_token=[REDACTED]',
    );
  });

  it('masks secrets in the query string of a logged request URL', async () => {
    const out = new CollectingStream();
    const options = { serviceName: 'svc-under-test', destination: out };
    const httpLogger = pinoHttp(createPinoHttpOptions(options), createLogDestination(options));
    const server = createServer((req, res) => {
      httpLogger(req, res);
      res.end('ok');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const secretsInUrl = ['qs-api-key-1a2b3c', 'qs-token-4d5e6f', 'qs-secret-7g8h9i'];
    try {
      await fetch(
        `http://127.0.0.1:${port}/v1/customers?api_key=${secretsInUrl[0]}&page=2&Token=${secretsInUrl[1]}&client_secret=${secretsInUrl[2]}`,
      );
    } finally {
      server.close();
    }

    for (const value of secretsInUrl) expect(out.text).not.toContain(value);
    const [line] = out.parsed();
    expect((line?.['req'] as { url: string }).url).toBe(
      '/v1/customers?api_key=[REDACTED]&page=2&Token=[REDACTED]&client_secret=[REDACTED]',
    );
  });

  it('leaves ordinary text alone', () => {
    const text =
      'customer cus_123 skipped: sk_ is a prefix, task_live_1 and https://example.com/a@b; ' +
      'clock_timestamp(), /v1/customers?page=2&limit=50, {"tokenType":"Bearer","scope":"api"}';
    expect(maskSecrets(text)).toBe(text);
  });
});

describe('log correlation', () => {
  it('adds the current correlation id to every line logged inside a context', async () => {
    const { logger, out } = await serviceLogger();
    logger.info('outside');
    await runWithCorrelation('corr-42', async () => {
      await Promise.resolve();
      logger.info('inside');
      logger.child({ topic: 'catalog.customer.v1' }).info('inside a child');
    });
    expect(out.parsed().map((line) => line['correlationId'])).toEqual([
      undefined,
      'corr-42',
      'corr-42',
    ]);
  });

  it('does not repeat the id on a logger that already carries one', async () => {
    const { logger, out } = await serviceLogger();
    runWithCorrelation('corr-1', () => logger.child({ correlationId: 'corr-1' }).info('once'));
    expect(out.lines[0]?.match(/"correlationId"/g)).toHaveLength(1);
  });
});

describe('isUnloggedRequest', () => {
  it.each([
    ['/health/live', true],
    ['/health/ready?verbose=1', true],
    ['/metrics', true],
    ['/api/health/ready', true],
    ['/customers', false],
    ['/metrics-report', false],
    ['/healthcare/plans', false],
  ])('%s -> %s', (url, unlogged) => {
    expect(isUnloggedRequest({ url } as IncomingMessage)).toBe(unlogged);
  });
});
