import { RequestListener } from 'node:http';

import {
  createSimulatorRequestHandler,
  dispatchSimulatorRequest,
  SeededRandom,
  SimulationClock,
  SimulatorControlPlane,
  SimulatorRequest,
  SimulatorResponse,
} from '@concord/simulators/core';

import { salesforceControlRoutes } from './control/salesforce-control-routes';
import { DataRouter } from './http/data-route';
import { DmlError } from './http/salesforce-api.error';
import { keyPrefixOf, SalesforceIdFactory } from './ids/salesforce-id';
import { CallCounter, CallView } from './limits/call-counter';
import { OAuthTokenEndpoint } from './oauth/oauth-token.endpoint';
import { SessionStore } from './oauth/session-store';
import { credentialsOf, NewOrgOptions, OrgCredentials, OrgRegistry } from './org/org-registry';
import { OrgSettings, SalesforceOrg } from './org/salesforce-org';
import { DmlTransaction } from './records/dml-transaction';
import { CompositeCollectionsController } from './resources/composite-collections.controller';
import { DescribeController } from './resources/describe.controller';
import { QueryController } from './resources/query.controller';
import { ReplicationController } from './resources/replication.controller';
import { SObjectController } from './resources/sobject.controller';
import { CommitListener, SalesforceApi } from './salesforce-api';
import { CometdEndpoint, CometdOptions } from './streaming/cometd.endpoint';

/** The connected app that works out of the box (`npm start`, demos, tests). */
export const SALESFORCE_DEMO_APP = {
  clientId: 'concord-demo',
  clientSecret: 'concord-demo-secret',
  refreshToken: 'concord-demo-refresh-token',
  username: 'demo@concord.example',
} as const;

export interface SalesforceSimulatorOptions {
  clock?: SimulationClock;
  /** The seeded randomness behind ids and fault decisions. */
  rng?: SeededRandom;
  /** Seeds ids and fault decisions; ignored when `rng` is given. */
  seed?: number;
  /** Settings of the demo org (and the defaults of orgs created later). */
  orgSettings?: Partial<OrgSettings>;
  /** The Streaming API's long-poll hold time (Salesforce: 110 s). */
  streaming?: CometdOptions;
  /** The `instance_url` tokens carry; by default the URL the token request was sent to. */
  publicUrl?: string;
  /** Told about simulator bugs that became a 500 UNKNOWN_EXCEPTION (for the host's log). */
  onInternalError?: (error: unknown) => void;
}

export interface SalesforceSimulator {
  /** A node `http` request handler serving OAuth, REST, streaming and `/_control/`. */
  readonly handler: RequestListener;
  readonly control: SimulatorControlPlane;
  /** The demo org's connected app (`concord-demo` / `concord-demo-secret`). */
  readonly demo: OrgCredentials;
  /** Serves one request without a socket. */
  dispatch(request: SimulatorRequest): Promise<SimulatorResponse>;
  /** A new org with its own connected app and data (tests isolate themselves with one each). */
  createOrg(options?: NewOrgOptions): OrgCredentials;
  /** Changes an org's allocation, token lifetime, CDC switch or replay retention. */
  configureOrg(orgId: string, settings: Partial<OrgSettings>): OrgSettings;
  /** REST calls counted since the last reset (token calls excluded). */
  calls(): CallView;
  /** Stops timers and long polls. */
  close(): void;
}

/**
 * A stateful Salesforce (OAuth, REST, SOQL, replication, limits, Change Data Capture over the
 * Streaming API) that jsforce uses unchanged.
 */
export function createSalesforceSimulator(
  options: SalesforceSimulatorOptions = {},
): SalesforceSimulator {
  const plane = new SimulatorControlPlane({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.rng ? { random: options.rng } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const ids = new SalesforceIdFactory(plane.random.stream('ids'));
  const registry = new OrgRegistry(ids);
  const sessions = new SessionStore();
  const calls = new CallCounter();
  const demoApp = registry.create(
    {
      ...SALESFORCE_DEMO_APP,
      name: 'Concord Demo',
      ...(options.orgSettings ? { settings: options.orgSettings } : {}),
    },
    plane.clock.now(),
  );
  const createOrg = (orgOptions: NewOrgOptions = {}): OrgCredentials =>
    credentialsOf(
      registry.create(
        { ...orgOptions, settings: { ...options.orgSettings, ...orgOptions.settings } },
        plane.clock.now(),
      ),
    );
  const router = new DataRouter([
    ...new DescribeController().routes(),
    ...new SObjectController().routes(),
    ...new ReplicationController().routes(),
    ...new CompositeCollectionsController().routes(),
    ...new QueryController().routes(),
  ]);
  const cometd = new CometdEndpoint(sessions, plane.clock, options.streaming);
  const publish: CommitListener = (org, changes, origin) => {
    if (!org.settings.cdcEnabled) return;
    cometd.publish(org, org.changeEvents.append(changes, origin));
  };
  const undelete = (org: SalesforceOrg, id: string): void => {
    const schema = org.schema.byKeyPrefix(keyPrefixOf(id));
    if (!schema) throw new DmlError('NOT_FOUND', 'The requested resource does not exist');
    const tx = new DmlTransaction(plane.clock.now());
    org.writer.undelete(tx, schema, id);
    // Changes made in the UI carry no API client in their origin.
    publish(org, tx.changes, { changeOrigin: '', commitUser: org.userId });
  };
  const api = new SalesforceApi({
    plane,
    sessions,
    tokens: new OAuthTokenEndpoint(registry, sessions, plane.clock, (orgId) =>
      calls.recordToken(orgId),
    ),
    router,
    calls,
    streaming: cometd,
    onCommit: publish,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
  });

  plane.onReset(() => {
    registry.wipe(plane.clock.now());
    calls.reset();
  });
  plane.addState('salesforce', () => ({
    ...registry.summary(plane.clock.now()),
    calls: calls.view(),
    streaming: cometd.view(),
  }));
  for (const route of salesforceControlRoutes({
    registry,
    sessions,
    calls,
    clock: plane.clock,
    demoOrg: () => demoApp.org,
    undelete,
  })) {
    plane.addRoute(route);
  }

  return {
    handler: createSimulatorRequestHandler(plane, api),
    control: plane,
    demo: credentialsOf(demoApp),
    dispatch: (request) => dispatchSimulatorRequest(plane, api, request),
    createOrg,
    configureOrg: (orgId, settings) => {
      const org = registry.org(orgId);
      if (!org) throw new RangeError(`no org ${orgId}`);
      org.settings = { ...org.settings, ...settings };
      return org.settings;
    },
    calls: () => calls.view(),
    close: () => {
      cometd.close();
      plane.close();
    },
  };
}
