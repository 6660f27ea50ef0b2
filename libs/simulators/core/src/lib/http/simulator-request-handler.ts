import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { CONTROL_PREFIX, handleControlRequest } from '../control/control-api';
import { SimulatorControlPlane } from '../control/simulator-control-plane';
import { InjectedFault } from '../faults/fault-injector';
import { SimulatorRequest, SimulatorResponse } from './simulator-http';

/** What one simulated system plugs into the shared request pipeline. */
export interface SimulatorApi {
  /**
   * Handles an API request the control plane let through. `latencyMs` is injected processing
   * time: the simulator waits it out after claiming what a slow request holds (an idempotency
   * key, say), so concurrent-request behaviour can be rehearsed.
   */
  handle(request: SimulatorRequest, options: { latencyMs: number }): Promise<SimulatorResponse>;
  /** Renders an injected failure in the simulated system's own error shape. */
  renderFault(fault: InjectedFault, request: SimulatorRequest): SimulatorResponse;
}

export interface SimulatorHandlerOptions {
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The pipeline shared by every simulator: control API, then 429 storms and injected faults
 * (decided before the simulator sees the request, so they never reach idempotency storage),
 * then the simulator itself.
 */
export async function dispatchSimulatorRequest(
  plane: SimulatorControlPlane,
  api: SimulatorApi,
  request: SimulatorRequest,
): Promise<SimulatorResponse> {
  if (request.path === CONTROL_PREFIX || request.path.startsWith(`${CONTROL_PREFIX}/`)) {
    return handleControlRequest(plane, request);
  }
  const decision = plane.decide(request.method, request.path);
  if (decision.fault) {
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    return api.renderFault(decision.fault, request);
  }
  return api.handle(request, { latencyMs: decision.latencyMs });
}

export function createSimulatorRequestHandler(
  plane: SimulatorControlPlane,
  api: SimulatorApi,
  options: SimulatorHandlerOptions = {},
): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return (req, res) => {
    void (async () => {
      try {
        const body = await readBody(req, maxBodyBytes);
        if (body === undefined) {
          writeResponse(res, {
            status: 413,
            body: { error: { message: 'Request body too large' } },
          });
          return;
        }
        const url = new URL(req.url ?? '/', 'http://simulator.local');
        const response = await dispatchSimulatorRequest(plane, api, {
          method: (req.method ?? 'GET').toUpperCase(),
          path: url.pathname,
          query: url.search.replace(/^\?/, ''),
          headers: req.headers,
          body,
        });
        writeResponse(res, response);
      } catch {
        // The simulators answer their own errors; reaching here is a simulator bug.
        writeResponse(res, { status: 500, body: { error: { message: 'Simulator failure' } } });
      }
    })();
  };
}

export function writeResponse(res: ServerResponse, response: SimulatorResponse): void {
  if (res.headersSent) return;
  const payload =
    response.body === undefined
      ? ''
      : typeof response.body === 'string'
        ? response.body
        : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': 'application/json',
    ...response.headers,
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

/** Resolves with the body, or `undefined` when it exceeds `maxBytes`. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
