/** @jest-environment node */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The production server as a process: static files with an SPA fallback, /v1 forwarded to
// catalog-service with the Authorization header, and a 502 in the API's error shape when the
// API is away.
describe('console-server', () => {
  let upstream: Server;
  let seen: Array<{ url: string; headers: IncomingHttpHeaders }>;
  const streamsClosed: string[] = [];
  let server: ChildProcess;
  let url: string;

  async function listen(target: Server): Promise<number> {
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    return (target.address() as AddressInfo).port;
  }

  async function start(catalogUrl: string): Promise<{ child: ChildProcess; url: string }> {
    const dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Concord console</title>');
    const child = spawn(process.execPath, [join(__dirname, 'console-server.mjs')], {
      env: { ...process.env, CONSOLE_PORT: '0', CONSOLE_DIST: dist, CATALOG_URL: catalogUrl },
    });
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString()));
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    return { child, url: /http:\/\/[\d.]+:\d+/.exec(line)?.[0] ?? '' };
  }

  beforeAll(async () => {
    seen = [];
    upstream = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      if (req.url?.startsWith('/v1/sync/activity/stream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: ready\ndata: {}\n\n');
        res.on('close', () => streamsClosed.push(req.url ?? ''));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ tenantId: 'acme' }));
    });
    const port = await listen(upstream);
    ({ child: server, url } = await start(`http://127.0.0.1:${port}`));
  });

  afterAll(async () => {
    server?.kill();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('forwards /v1 with the Bearer key to catalog-service', async () => {
    const response = await fetch(`${url}/v1/session?x=1`, {
      headers: { authorization: 'Bearer ck_test_key' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ tenantId: 'acme' });
    expect(seen.at(-1)).toMatchObject({
      url: '/v1/session?x=1',
      headers: { authorization: 'Bearer ck_test_key' },
    });
  });

  it('streams server-sent events as they come, and hangs up upstream when the browser leaves', async () => {
    const controller = new AbortController();
    const response = await fetch(`${url}/v1/sync/activity/stream?system=stripe`, {
      headers: { authorization: 'Bearer ck_test_key' },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const first = await response.body?.getReader().read();
    expect(new TextDecoder().decode(first?.value)).toBe('event: ready\ndata: {}\n\n');
    controller.abort();
    for (let waited = 0; streamsClosed.length === 0 && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(streamsClosed).toEqual(['/v1/sync/activity/stream?system=stripe']);
  });

  it('serves index.html for the console routes, with a strict content security policy', async () => {
    const response = await fetch(`${url}/integrations/stripe`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Concord console</title>');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${url}/v1x`)).headers.get('content-type')).toContain('text/html');
  });

  it('answers 502 in the API error shape when catalog-service is away', async () => {
    const gone = createServer();
    const port = await listen(gone);
    await new Promise((resolve) => gone.close(resolve));
    const away = await start(`http://127.0.0.1:${port}`);
    try {
      const response = await fetch(`${away.url}/v1/session`);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({
        error: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
      });
    } finally {
      away.child.kill();
    }
  });

  it('refuses to start without its files, naming the variable', async () => {
    const child = spawn(process.execPath, [join(__dirname, 'console-server.mjs')], {
      env: { ...process.env, CONSOLE_DIST: join(tmpdir(), 'no-console-here'), CATALOG_URL: 'x' },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(stderr).toContain('CONSOLE_DIST');
    expect(stderr).toContain('CATALOG_URL must be an http(s) URL');
  });
});
