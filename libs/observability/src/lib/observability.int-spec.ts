import { ConflictError } from '@concord/errors';
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Module,
  OnModuleInit,
  Post,
  Req,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';
import { PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

import { bootstrapHttpApp, HttpApp } from './bootstrap/bootstrap-http-app';
import { currentCorrelationId } from './correlation/correlation-context';
import { HealthModule } from './health/health.module';
import { HealthRegistry } from './health/health-registry.service';
import { RequestWithRawBody } from './http/request-body-parsers';
import { MetricsModule } from './metrics/metrics.module';
import { ObservabilityModule } from './observability.module';

class CollectingStream implements DestinationStream {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  entries(): Array<Record<string, unknown>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** The value of the first sample of `name` whose labels include `labels` (label order varies). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) &&
        l.includes('service="orders-test"') &&
        Object.entries(labels).every(([key, value]) => l.includes(`${key}="${value}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

class AddressDto {
  @IsString()
  @Length(2, 2)
  country!: string;
}

class LineDto {
  @IsInt()
  @Min(1)
  quantity!: number;
}

class CreateOrderDto {
  @IsString()
  customerId!: string;

  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

const parsedBeforeGuard: unknown[] = [];

class RefusingGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    parsedBeforeGuard.push(context.switchToHttp().getRequest<{ body?: unknown }>().body);
    throw new UnauthorizedException('no credentials');
  }
}

@Controller('orders')
class OrdersController {
  constructor(private readonly logger: PinoLogger) {}

  @Post()
  async create(@Body() order: CreateOrderDto): Promise<{ lines: number; correlationId?: string }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.logger.info({ customerId: order.customerId }, 'order accepted');
    return { lines: order.lines.length, correlationId: currentCorrelationId() };
  }

  @Get('broken')
  broken(): never {
    throw new Error('database password was hunter2 at /srv/app/orders.ts');
  }

  @Post('webhook')
  webhook(
    @Req() req: RequestWithRawBody,
    @Body() body: { id: string },
  ): { id: string; raw?: string } {
    return { id: body.id, raw: req.rawBody?.toString('utf8') };
  }

  /** Refused by its guard: the body must not be parsed at all. */
  @Post('guarded')
  @UseGuards(RefusingGuard)
  guarded(@Body() body: unknown): unknown {
    return body;
  }

  @Get('taken')
  taken(): never {
    throw new ConflictError('ALREADY_EXISTS', 'Order already exists');
  }
}

const readiness = { kafka: true };

@Module({ controllers: [OrdersController] })
class OrdersModule implements OnModuleInit {
  constructor(private readonly health: HealthRegistry) {}

  onModuleInit(): void {
    this.health.register('database', () => true);
    this.health.register('kafka', () =>
      readiness.kafka ? true : { ok: false, detail: 'producer not connected' },
    );
  }
}

describe('observability in a running Nest app', () => {
  const logs = new CollectingStream();
  let http: HttpApp;

  beforeAll(async () => {
    @Module({
      imports: [
        ObservabilityModule.forRoot({
          serviceName: 'orders-test',
          logLevel: 'info',
          destination: logs,
          bodyLimit: '64kb',
        }),
        MetricsModule.forRoot({ serviceName: 'orders-test' }),
        HealthModule.forRoot({ checkTimeoutMs: 500 }),
        OrdersModule,
      ],
    })
    class TestAppModule {}
    http = await bootstrapHttpApp(TestAppModule, {
      port: 0,
      host: '127.0.0.1',
      serviceName: 'orders-test',
    });
  });

  afterAll(() => http.app.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${http.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('logs that it listens on its URL', () => {
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        msg: `orders-test listening on ${http.url}`,
        service: 'orders-test',
      }),
    );
  });

  it("boots in few lines at info: Nest's module-loading and route-mapping lines are debug", () => {
    const boot = logs.entries().filter((entry) => entry['msg'] !== 'request completed');
    expect(boot.map((entry) => entry['context'])).not.toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^(InstanceLoader|RoutesResolver|RouterExplorer|NestFactory|NestApplication)$/,
        ),
      ]),
    );
    expect(boot.length).toBeLessThanOrEqual(2);
  });

  it('answers /health/live and /health/ready', async () => {
    const live = await fetch(`${http.url}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${http.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { database: { ok: true }, kafka: { ok: true } },
      failing: [],
    });
  });

  it('answers 503 naming the failing check', async () => {
    readiness.kafka = false;
    try {
      const ready = await fetch(`${http.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'unavailable',
        checks: { database: { ok: true }, kafka: { ok: false, detail: 'producer not connected' } },
        failing: ['kafka'],
      });
    } finally {
      readiness.kafka = true;
    }
  });

  it('carries the caller correlation id through the request, its logs and the response header', async () => {
    const body = JSON.stringify({
      customerId: 'cus_1',
      address: { country: 'DE' },
      lines: [{ quantity: 2 }],
    });
    const response = await post('/orders', body, {
      'x-correlation-id': 'corr-int-1',
      authorization: 'Bearer sk_live_notforlogs123',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-correlation-id')).toBe('corr-int-1');
    expect(await response.json()).toEqual({ lines: 1, correlationId: 'corr-int-1' });

    const lines = logs.entries().filter((entry) => entry['correlationId'] === 'corr-int-1');
    expect(lines.map((entry) => entry['msg'])).toEqual(['order accepted', 'request completed']);
    const completed = lines[1] as {
      req: { headers: Record<string, string> };
      res: { statusCode: number };
    };
    expect(completed.req.headers['authorization']).toBe('[REDACTED]');
    expect(completed.res.statusCode).toBe(201);
    expect(logs.lines.join('')).not.toContain('notforlogs123');
  });

  it('generates a correlation id when the caller sends none (or an invalid one)', async () => {
    const response = await fetch(`${http.url}/health/live`, {
      headers: { 'x-correlation-id': 'bad id!' },
    });
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('does not log health checks or metrics scrapes', async () => {
    await fetch(`${http.url}/health/live`, { headers: { 'x-correlation-id': 'probe-1' } });
    await fetch(`${http.url}/metrics`, { headers: { 'x-correlation-id': 'probe-2' } });
    const probeLines = logs
      .entries()
      .filter((e) => ['probe-1', 'probe-2'].includes(String(e['correlationId'])));
    expect(probeLines).toEqual([]);
  });

  it('exposes Prometheus metrics with HTTP requests by route template and status', async () => {
    await fetch(`${http.url}/orders/taken`);
    const response = await fetch(`${http.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('process_resident_memory_bytes');
    expect(sample(text, 'http_requests_total', { route: '/orders/taken', status: '409' })).toBe(1);
    expect(
      sample(text, 'http_requests_total', { route: '/health/ready', status: '200' }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/orders/taken' })).toBe(1);
  });

  it('keeps the exact raw body for webhook signature checks', async () => {
    const raw = '{ "id":"evt_1",\n  "type": "customer.updated" }';
    const response = await post('/orders/webhook', raw);
    expect(await response.json()).toEqual({ id: 'evt_1', raw });
  });

  it('answers 400 naming every invalid field, nested and unknown ones included', async () => {
    const body = JSON.stringify({
      address: { country: 'Germany' },
      lines: [{ quantity: 0 }],
      admin: true,
    });
    const response = await post('/orders', body);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; details: { fields: Array<{ field: string }> } };
    };
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details.fields.map((f) => f.field).sort()).toEqual([
      'address.country',
      'admin',
      'customerId',
      'lines.0.quantity',
    ]);
  });

  it('answers 400 naming the body for malformed JSON, and 413 for an oversized one', async () => {
    const malformed = await post('/orders', '{"customerId": sk_test_leak');
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 'INVALID_INPUT',
        category: 'validation',
        message: 'The request body is not valid JSON',
        details: { fields: [{ field: 'body', message: 'malformed JSON' }] },
      },
    });
    expect(text).not.toContain('sk_test_leak');

    const huge = await post('/orders', JSON.stringify({ customerId: 'x'.repeat(100_000) }), {
      'x-correlation-id': 'corr-413',
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('x-correlation-id')).toBe('corr-413');
    expect(await huge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    // Rejected bodies are still logged and counted like any other request. Bodies are parsed
    // after the guards, inside the route, so the refusal is counted under the route's template.
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        correlationId: 'corr-413',
        msg: 'request completed',
        level: 'warn',
      }),
    );
    const metrics = await (await fetch(`${http.url}/metrics`)).text();
    expect(sample(metrics, 'http_requests_total', { route: '/orders', status: '413' })).toBe(1);
  });

  it('parses bodies only after the guards: a refused request costs no parse', async () => {
    const malformed = await post('/orders/guarded', '{"not json');
    expect(malformed.status).toBe(401);
    const huge = await post('/orders/guarded', JSON.stringify({ x: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(401);
    expect(parsedBeforeGuard).toEqual([undefined, undefined]);
  });

  it('maps Concord errors, unknown routes and unknown errors, never leaking internals', async () => {
    const taken = await fetch(`${http.url}/orders/taken`);
    expect(taken.status).toBe(409);
    expect(await taken.json()).toEqual({
      error: { code: 'ALREADY_EXISTS', category: 'conflict', message: 'Order already exists' },
    });

    const missing = await fetch(`${http.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });

    const broken = await fetch(`${http.url}/orders/broken`, {
      headers: { 'x-correlation-id': 'corr-500' },
    });
    expect(broken.status).toBe(500);
    const text = await broken.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'UNEXPECTED', category: 'internal', message: 'Internal error' },
    });
    expect(text).not.toMatch(/hunter2|orders\.ts|at /);

    const errorLog = logs
      .entries()
      .find((e) => e['correlationId'] === 'corr-500' && e['level'] === 'error');
    expect(errorLog).toBeDefined();
  });
});
