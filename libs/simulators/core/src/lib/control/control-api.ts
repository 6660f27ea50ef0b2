import {
  NotFoundError,
  NotFoundErrorCode,
  toHttpResponse,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';

import { isRecord, parseFaultRules } from '../faults/fault-rule';
import { SimulatorRequest, SimulatorResponse } from '../http/simulator-http';
import { parseWebhookSettings } from '../webhooks/webhook-settings';
import { ControlRoute, SimulatorControlPlane } from './simulator-control-plane';

export const CONTROL_PREFIX = '/_control';

/** The control API every simulator shares; see libs/simulators/core/README.md for the reference. */
export async function handleControlRequest(
  plane: SimulatorControlPlane,
  request: SimulatorRequest,
): Promise<SimulatorResponse> {
  try {
    const subPath = request.path.slice(CONTROL_PREFIX.length) || '/';
    const route = [...baseRoutes(plane), ...plane.routes].find(
      (candidate) => candidate.method === request.method && candidate.path === subPath,
    );
    if (!route) {
      throw new NotFoundError(
        NotFoundErrorCode.ROUTE_NOT_FOUND,
        `No control endpoint ${request.method} ${request.path}`,
      );
    }
    const result = await route.handle(parseJsonBody(request.body));
    return { status: 200, body: result, headers: {} };
  } catch (error) {
    const response = toHttpResponse(
      error instanceof RangeError ? invalid('body', error.message) : error,
    );
    return { status: response.status, body: response.body, headers: response.headers };
  }
}

function baseRoutes(plane: SimulatorControlPlane): ControlRoute[] {
  return [
    { method: 'GET', path: '/state', handle: () => plane.state() },
    {
      method: 'POST',
      path: '/clock',
      handle: (body) => {
        const input = record(body);
        if (input['reset'] === true) plane.clock.reset();
        else if (input['advanceMs'] !== undefined) plane.clock.advance(number(input, 'advanceMs'));
        else if (typeof input['set'] === 'string') plane.clock.set(isoTime(input['set']));
        else if (input['set'] !== undefined) plane.clock.set(number(input, 'set'));
        else throw invalid('body', 'expected {"advanceMs"}, {"set"} or {"reset": true}');
        return plane.clock.snapshot();
      },
    },
    {
      method: 'POST',
      path: '/seed',
      handle: (body) => {
        plane.random.seed(number(record(body), 'seed'));
        return { seed: plane.random.currentSeed };
      },
    },
    {
      method: 'POST',
      path: '/faults',
      handle: (body) => ({ rules: plane.faults.setRules(parseFaultRules(body)) }),
    },
    {
      method: 'DELETE',
      path: '/faults',
      handle: () => {
        plane.faults.clear();
        return { rules: [] };
      },
    },
    {
      method: 'POST',
      path: '/storm',
      handle: (body) => {
        const input = record(body);
        return plane.faults.startStorm(
          number(input, 'durationMs'),
          input['retryAfterSeconds'] === undefined ? 1 : number(input, 'retryAfterSeconds'),
        );
      },
    },
    {
      method: 'POST',
      path: '/rate-limit',
      handle: (body) => {
        const input = record(body);
        if (typeof input['enabled'] !== 'boolean') throw invalid('enabled', 'a boolean');
        return plane.rateLimiter.configure({
          enabled: input['enabled'],
          ...(input['perSecond'] === undefined ? {} : { perSecond: number(input, 'perSecond') }),
        });
      },
    },
    {
      method: 'POST',
      path: '/webhooks',
      handle: (body) => plane.webhooks.configure(parseWebhookSettings(body)),
    },
    {
      method: 'GET',
      path: '/webhooks/deliveries',
      handle: () => ({ data: plane.webhooks.list(), stats: plane.webhooks.stats() }),
    },
    {
      method: 'POST',
      path: '/reset',
      handle: () => {
        plane.resetData();
        return { reset: true };
      },
    },
    {
      method: 'POST',
      path: '/search-lag',
      handle: (body) => {
        plane.setSearchLag(number(record(body), 'ms'));
        return { searchLagMs: plane.searchLagMs };
      },
    },
  ];
}

function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid('body', 'not valid JSON');
  }
}

function record(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw invalid('body', 'expected a JSON object');
  return body;
}

function number(input: Record<string, unknown>, field: string): number {
  const value = input[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'a number');
  return value;
}

function isoTime(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid('set', 'epoch milliseconds or an ISO-8601 time');
  return ms;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(
    ValidationErrorCode.INVALID_INPUT,
    `Invalid control request: ${field}`,
    [{ field, message }],
  );
}
