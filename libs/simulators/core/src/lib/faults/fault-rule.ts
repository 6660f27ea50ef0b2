import { ValidationError, ValidationErrorCode } from '@concord/errors';

export const FAULT_STATUSES = [500, 502, 503, 429] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/** One fault-injection rule, as the control API and the TypeScript API accept it. */
export interface FaultRule {
  /** HTTP method to match; any method when absent. */
  method?: string;
  /** Path glob (`*` one segment, `**` any) or a RegExp; the query string is not part of it. */
  path: string | RegExp;
  /** Share of matching requests that fail, 0..1 (default 1). */
  errorRate?: number;
  /** Status of the injected failure (default 500). */
  status?: FaultStatus;
  /** Added delay before the request is handled (or fails). */
  latencyMs?: number;
  /** Only the next N matching requests are affected; the rule then expires. */
  count?: number;
  /** `Retry-After` sent with an injected 429. */
  retryAfterSeconds?: number;
}

/** A rule as `GET /_control/state` shows it. */
export interface FaultRuleView {
  id: string;
  method?: string;
  path?: string;
  pathRegex?: string;
  errorRate: number;
  status: FaultStatus;
  latencyMs: number;
  remaining?: number;
  matched: number;
  injected: number;
}

/**
 * Parses the JSON body of `POST /_control/faults`. Globs travel as `path`, regular expressions
 * as `pathRegex` (a JSON string cannot say which one it is otherwise).
 */
export function parseFaultRules(body: unknown): FaultRule[] {
  const rules = isRecord(body) ? body['rules'] : undefined;
  if (!Array.isArray(rules)) {
    throw invalid('rules', 'expected {"rules": [...]}');
  }
  return rules.map((raw: unknown, index) => parseFaultRule(raw, `rules.${index}`));
}

function parseFaultRule(raw: unknown, at: string): FaultRule {
  if (!isRecord(raw)) throw invalid(at, 'a rule must be an object');
  const { method, path, pathRegex, errorRate, status, latencyMs, count, retryAfterSeconds } = raw;
  let pattern: string | RegExp;
  if (typeof path === 'string' && path.length > 0) pattern = path;
  else if (typeof pathRegex === 'string' && pathRegex.length > 0) {
    try {
      pattern = new RegExp(pathRegex);
    } catch {
      throw invalid(`${at}.pathRegex`, 'not a valid regular expression');
    }
  } else throw invalid(`${at}.path`, 'path (glob) or pathRegex is required');
  if (method !== undefined && typeof method !== 'string') throw invalid(`${at}.method`, 'string');
  if (errorRate !== undefined && !isNumberIn(errorRate, 0, 1)) {
    throw invalid(`${at}.errorRate`, 'a number between 0 and 1');
  }
  if (status !== undefined && !FAULT_STATUSES.includes(status as FaultStatus)) {
    throw invalid(`${at}.status`, `one of ${FAULT_STATUSES.join(', ')}`);
  }
  for (const [name, value] of Object.entries({ latencyMs, count, retryAfterSeconds })) {
    if (value !== undefined && !isNumberIn(value, 0, Number.MAX_SAFE_INTEGER)) {
      throw invalid(`${at}.${name}`, 'a number >= 0');
    }
  }
  return {
    path: pattern,
    ...(method === undefined ? {} : { method }),
    ...(errorRate === undefined ? {} : { errorRate: errorRate as number }),
    ...(status === undefined ? {} : { status: status as FaultStatus }),
    ...(latencyMs === undefined ? {} : { latencyMs: latencyMs as number }),
    ...(count === undefined ? {} : { count: count as number }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds: retryAfterSeconds as number }),
  };
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(ValidationErrorCode.INVALID_INPUT, `Invalid fault rule: ${field}`, [
    { field, message },
  ]);
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
