import {
  NotFoundError,
  NotFoundErrorCode,
  ValidationError,
  ValidationErrorCode,
} from '@concord/errors';
import { ControlRoute, isRecord, SimulationClock } from '@concord/simulators/core';

import { DmlError } from '../http/salesforce-api.error';
import { normalizeSalesforceId } from '../ids/salesforce-id';
import { CallCounter } from '../limits/call-counter';
import { SessionStore } from '../oauth/session-store';
import { credentialsOf, NewOrgOptions, OrgRegistry } from '../org/org-registry';
import { OrgSettings, SalesforceOrg } from '../org/salesforce-org';

export interface SalesforceControlDependencies {
  registry: OrgRegistry;
  sessions: SessionStore;
  calls: CallCounter;
  clock: SimulationClock;
  demoOrg: () => SalesforceOrg;
  /** Restores a deleted record as a user would in the UI, publishing its UNDELETE event. */
  undelete: (org: SalesforceOrg, id: string) => void;
}

/** Salesforce's additions to the shared `/_control/` API: orgs, settings, sessions, call counts. */
export function salesforceControlRoutes(deps: SalesforceControlDependencies): ControlRoute[] {
  const orgOf = (input: Record<string, unknown>): SalesforceOrg => {
    if (input['orgId'] === undefined) return deps.demoOrg();
    const org = typeof input['orgId'] === 'string' ? deps.registry.org(input['orgId']) : undefined;
    if (!org) {
      throw new NotFoundError(
        NotFoundErrorCode.RECORD_NOT_FOUND,
        `No org ${String(input['orgId'])}`,
      );
    }
    return org;
  };
  return [
    {
      method: 'POST',
      path: '/orgs',
      handle: (body) => {
        const input = record(body);
        const options: NewOrgOptions = {
          ...optionalString(input, 'name'),
          ...optionalString(input, 'username'),
          ...optionalString(input, 'clientId'),
          ...optionalString(input, 'clientSecret'),
          ...optionalString(input, 'refreshToken'),
          ...optionalString(input, 'jwtPublicKey'),
          settings: parseSettings(input),
        };
        if (input['concordIdObjects'] !== undefined) {
          const objects = input['concordIdObjects'];
          if (!Array.isArray(objects) || !objects.every((name) => typeof name === 'string')) {
            throw invalid('concordIdObjects', 'an array of sObject names');
          }
          options.concordIdObjects = objects as string[];
        }
        try {
          return credentialsOf(deps.registry.create(options, deps.clock.now()));
        } catch (error) {
          if (error instanceof RangeError) throw invalid('clientId', error.message);
          throw error;
        }
      },
    },
    {
      method: 'POST',
      path: '/orgs/settings',
      handle: (body) => {
        const input = record(body);
        const org = orgOf(input);
        org.settings = { ...org.settings, ...parseSettings(input) };
        return { orgId: org.id, settings: org.settings };
      },
    },
    {
      method: 'POST',
      path: '/orgs/concord-id-field',
      handle: (body) => {
        const input = record(body);
        const org = orgOf(input);
        const object = input['object'];
        if (typeof object !== 'string' || !org.schema.sobject(object)) {
          throw invalid('object', 'an sObject of the org, e.g. Account');
        }
        return { orgId: org.id, object, added: org.schema.addConcordIdField(object) };
      },
    },
    {
      method: 'POST',
      path: '/sessions/expire',
      handle: (body) => {
        const input = record(body);
        const org = input['orgId'] === undefined ? undefined : orgOf(input);
        return { expired: deps.sessions.expire(org?.id) };
      },
    },
    {
      method: 'POST',
      path: '/records/undelete',
      handle: (body) => {
        const input = record(body);
        const org = orgOf(input);
        const id = typeof input['id'] === 'string' ? normalizeSalesforceId(input['id']) : undefined;
        if (!id) throw invalid('id', 'a 15- or 18-character record id');
        try {
          deps.undelete(org, id);
        } catch (error) {
          if (error instanceof DmlError)
            throw invalid('id', `${error.statusCode}: ${error.message}`);
          throw error;
        }
        return { id, undeleted: true };
      },
    },
    { method: 'GET', path: '/calls', handle: () => deps.calls.view() },
    {
      method: 'POST',
      path: '/calls/reset',
      handle: () => {
        deps.calls.reset();
        return deps.calls.view();
      },
    },
  ];
}

function parseSettings(input: Record<string, unknown>): Partial<OrgSettings> {
  const settings: Partial<OrgSettings> = {};
  for (const name of ['dailyApiLimit', 'sessionLifetimeMs', 'eventRetentionMs'] as const) {
    const value = input[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw invalid(name, 'an integer >= 1');
    }
    settings[name] = value;
  }
  if (input['cdcEnabled'] !== undefined) {
    if (typeof input['cdcEnabled'] !== 'boolean') throw invalid('cdcEnabled', 'a boolean');
    settings.cdcEnabled = input['cdcEnabled'];
  }
  return settings;
}

function optionalString(input: Record<string, unknown>, name: string): Record<string, string> {
  const value = input[name];
  if (value === undefined) return {};
  if (typeof value !== 'string' || value === '') throw invalid(name, 'a non-empty string');
  return { [name]: value };
}

function record(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw invalid('body', 'expected a JSON object');
  return body;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(
    ValidationErrorCode.INVALID_INPUT,
    `Invalid control request: ${field}`,
    [{ field, message }],
  );
}
