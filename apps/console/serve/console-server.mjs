#!/usr/bin/env node
// Serves the built console (dist/apps/console) as static files and forwards /v1/* to
// catalog-service, so the browser talks to one origin (no CORS, the API key stays in requests to
// that origin). Unknown paths get index.html: the console routes in the browser.
//   CONSOLE_PORT or PORT (4200), CONSOLE_HOST (127.0.0.1), CATALOG_URL (http://127.0.0.1:3000),
//   CONSOLE_DIST (dist/apps/console under the workspace)
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function readConfig(env) {
  const problems = [];
  const port = Number(env.CONSOLE_PORT ?? env.PORT ?? 4200);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push('CONSOLE_PORT must be a port number');
  }
  let catalogUrl;
  try {
    catalogUrl = new URL(env.CATALOG_URL ?? 'http://127.0.0.1:3000');
    if (!/^https?:$/.test(catalogUrl.protocol)) throw new Error('not http(s)');
  } catch {
    problems.push('CATALOG_URL must be an http(s) URL');
  }
  const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  const dist = resolve(env.CONSOLE_DIST ?? join(root, 'dist/apps/console'));
  if (!existsSync(join(dist, 'index.html'))) {
    problems.push(`CONSOLE_DIST (${dist}) has no index.html: run npm run build first`);
  }
  return { port, host: env.CONSOLE_HOST ?? '127.0.0.1', catalogUrl, dist, problems };
}

function proxy(req, res, catalogUrl) {
  const send = catalogUrl.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    {
      protocol: catalogUrl.protocol,
      hostname: catalogUrl.hostname,
      port: catalogUrl.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: catalogUrl.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          code: 'UPSTREAM_UNAVAILABLE',
          category: 'retryable',
          message: 'catalog-service is not reachable',
        },
      }),
    );
  });
  // A browser that leaves a long answer (the live activity stream) hangs up upstream too.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

function serveFile(req, res, dist) {
  const path = decodeURIComponent(new URL(req.url, 'http://console').pathname);
  let file = normalize(join(dist, path));
  if (!file.startsWith(dist + sep) && file !== dist) {
    res.writeHead(400).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

export async function startConsoleServer(env = process.env) {
  const config = readConfig(env);
  if (config.problems.length > 0) {
    throw new Error(`console-server cannot start:\n  ${config.problems.join('\n  ')}`);
  }
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/v1/') || req.url === '/v1') proxy(req, res, config.catalogUrl);
    else if (req.method === 'GET' || req.method === 'HEAD') serveFile(req, res, config.dist);
    else res.writeHead(405).end();
  });
  return new Promise((resolveStart) => {
    server.listen(config.port, config.host, () => {
      const { port } = server.address();
      resolveStart({ server, url: `http://${config.host}:${port}` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startConsoleServer().then(
    ({ url }) =>
      console.log(
        `Concord console on ${url} (API: ${process.env.CATALOG_URL ?? 'http://127.0.0.1:3000'})`,
      ),
    (error) => {
      console.error(error.message);
      process.exit(78);
    },
  );
}
