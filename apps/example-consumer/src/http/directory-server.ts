import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

import { CustomerDirectory } from '../directory/customer-directory';

export interface DirectoryServerDeps {
  directory: CustomerDirectory;
  isReady: () => boolean;
  invalidEvents: () => number;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** GET /customers?tenant=&email=, GET /stats, and the health endpoints. */
export function createDirectoryServer(deps: DirectoryServerDeps): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return send(res, 405, { error: 'only GET' });
    switch (url.pathname) {
      case '/health/live':
        return send(res, 200, { status: 'ok' });
      case '/health/ready':
        return deps.isReady()
          ? send(res, 200, { status: 'ok' })
          : send(res, 503, { status: 'starting' });
      case '/stats':
        return send(res, 200, { ...deps.directory.stats(), invalidEvents: deps.invalidEvents() });
      case '/customers': {
        const tenant = url.searchParams.get('tenant');
        if (!tenant) return send(res, 400, { error: 'tenant is required' });
        const email = url.searchParams.get('email') ?? undefined;
        return send(res, 200, { data: deps.directory.find(tenant, { email }) });
      }
      default:
        return send(res, 404, { error: 'not found' });
    }
  });
}
