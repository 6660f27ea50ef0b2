import { Connection } from 'jsforce';
import { Client, StreamingExtension } from 'jsforce/lib/api/streaming';

import {
  ChangeEventCollector,
  ReceivedChangeEvent,
  subscribed,
} from '../../test/change-event-collector';
import { API_VERSION, RunningSalesforce, startSalesforce } from '../../test/in-process-salesforce';
import { OrgCredentials } from './org/org-registry';

const HOUR_MS = 60 * 60 * 1000;

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** jsforce types faye's client without `disconnect`, which it has. */
type StreamingClient = Client & { disconnect(): void };

/** Change Data Capture over the Streaming API (CometD), subscribed through jsforce. */
describe('Salesforce simulator change events through jsforce streaming', () => {
  let sf: RunningSalesforce;
  let org: OrgCredentials;
  let reader: Connection;
  let writer: Connection;
  const clients: StreamingClient[] = [];

  const client = (extensions: unknown[] = []): StreamingClient => {
    const created = reader.streaming.createClient(extensions as never[]) as StreamingClient;
    clients.push(created);
    return created;
  };
  const header = (event: ReceivedChangeEvent) => event.payload.ChangeEventHeader;

  beforeAll(async () => {
    sf = await startSalesforce({ seed: 13, streaming: { connectTimeoutMs: 2_000 } });
  });

  beforeEach(async () => {
    org = sf.newOrg();
    reader = await sf.authorized(org);
    writer = await sf.authorized(org, { callOptions: { client: 'concord-connector' } });
  });

  afterEach(async () => {
    for (const created of clients.splice(0)) created.disconnect();
    // Let the /meta/disconnect requests reach the simulator before the next test or shutdown.
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  afterAll(() => sf.close());

  it('publishes CREATE, UPDATE and DELETE on /data/ChangeEvents with the writer in changeOrigin', async () => {
    const all = new ChangeEventCollector();
    const subscription = reader.streaming.topic('/data/ChangeEvents').subscribe(all.listener);
    clients.push(reader.streaming._getFayeClient('/data/ChangeEvents') as StreamingClient);
    await subscribed(subscription);

    const { id } = await writer.sobject('Account').create({ Name: 'Streamed', Phone: '1' });
    await writer.sobject('Account').update({ Id: id as string, Phone: null, Website: 'w.example' });
    await reader.sobject('Account').destroy(id as string);
    const [created, updated, deleted] = await all.waitFor(3);

    expect(created.event.replayId).toBeGreaterThan(0);
    expect(created.payload).toMatchObject({ Name: 'Streamed', Phone: '1', OwnerId: org.userId });
    expect(created.payload['CreatedDate']).toMatch(/Z$/);
    expect(header(created)).toEqual({
      entityName: 'Account',
      recordIds: [id],
      changeType: 'CREATE',
      changeOrigin: `com/salesforce/api/rest/${API_VERSION};client=concord-connector`,
      transactionKey: expect.any(String),
      sequenceNumber: 1,
      commitTimestamp: expect.any(Number),
      commitNumber: expect.any(Number),
      commitUser: org.userId,
      changedFields: [],
      nulledFields: [],
      diffFields: [],
    });
    expect(header(updated)).toMatchObject({
      changeType: 'UPDATE',
      changedFields: ['Phone', 'Website', 'LastModifiedDate'],
      nulledFields: ['Phone'],
    });
    expect(updated.payload).toMatchObject({ Website: 'w.example', Phone: null });
    expect(updated.payload).not.toHaveProperty('Name');
    expect(header(deleted)).toMatchObject({
      changeType: 'DELETE',
      recordIds: [id],
      changeOrigin: `com/salesforce/api/rest/${API_VERSION}`,
    });
    expect(updated.event.replayId).toBe(created.event.replayId + 1);
    expect(deleted.event.replayId).toBe(created.event.replayId + 2);
  });

  it('publishes UNDELETE when a record is restored from the recycle bin (control API)', async () => {
    const events = new ChangeEventCollector();
    const streaming = client();
    await subscribed(streaming.subscribe('/data/AccountChangeEvent', events.listener));
    const { id } = await writer.sobject('Account').create({ Name: 'Phoenix' });
    await writer.sobject('Account').destroy(id as string);
    expect(
      await sf.control('POST', '/records/undelete', { orgId: org.orgId, id: id as string }),
    ).toEqual({ id, undeleted: true });
    const [, , restored] = await events.waitFor(3);
    expect(header(restored)).toMatchObject({
      changeType: 'UNDELETE',
      recordIds: [id],
      changeOrigin: '',
    });
    expect(restored.payload['Name']).toBe('Phoenix');
    expect(await reader.sobject('Account').retrieve(id as string)).toMatchObject({
      Name: 'Phoenix',
      IsDeleted: false,
    });
    const again = await fetch(`${sf.url}/_control/records/undelete`, {
      method: 'POST',
      body: JSON.stringify({ orgId: org.orgId, id }),
    });
    expect(again.status).toBe(400);
    expect(JSON.stringify(await again.json())).toContain('UNDELETE_FAILED');
  });

  it('delivers per-object channels, and one transaction key per collection call', async () => {
    const accounts = new ChangeEventCollector();
    const streaming = client();
    await subscribed(streaming.subscribe('/data/AccountChangeEvent', accounts.listener));
    await writer.sobject('Contact').create({ LastName: 'Not an account' });
    await writer.request({
      method: 'POST',
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: false,
        records: [1, 2, 3].map((n) => ({ attributes: { type: 'Account' }, Name: `Batch ${n}` })),
      }),
      headers: { 'content-type': 'application/json' },
    });
    const events = await accounts.waitFor(3);
    expect(events.map((event) => header(event).entityName)).toEqual([
      'Account',
      'Account',
      'Account',
    ]);
    expect(new Set(events.map((event) => header(event).transactionKey)).size).toBe(1);
    expect(events.map((event) => header(event).sequenceNumber)).toEqual([1, 2, 3]);
    expect(accounts.events).toHaveLength(3);
  });

  it('replays retained events with the replay extension: -2 for all, or after a replay id', async () => {
    await writer.sobject('Account').create({ Name: 'R1' });
    await writer.sobject('Account').create({ Name: 'R2' });
    await writer.sobject('Account').create({ Name: 'R3' });

    const everything = new ChangeEventCollector();
    const fromStart = client([new StreamingExtension.Replay('/data/ChangeEvents', -2)]);
    await subscribed(fromStart.subscribe('/data/ChangeEvents', everything.listener));
    const replayed = await everything.waitFor(3);
    expect(replayed.map((event) => event.payload['Name'])).toEqual(['R1', 'R2', 'R3']);

    const resumed = new ChangeEventCollector();
    const afterFirst = client([
      new StreamingExtension.Replay('/data/ChangeEvents', replayed[0].event.replayId),
    ]);
    await subscribed(afterFirst.subscribe('/data/ChangeEvents', resumed.listener));
    expect((await resumed.waitFor(2)).map((event) => event.payload['Name'])).toEqual(['R2', 'R3']);

    const tip = new ChangeEventCollector();
    const fromTip = client([new StreamingExtension.Replay('/data/ChangeEvents', -1)]);
    await subscribed(fromTip.subscribe('/data/ChangeEvents', tip.listener));
    await writer.sobject('Account').create({ Name: 'R4' });
    expect((await tip.waitFor(1))[0].payload['Name']).toBe('R4');
  });

  it('refuses a replay id outside the 72-hour retention window, as Salesforce does', async () => {
    await writer.sobject('Account').create({ Name: 'Old' });
    const seen = new ChangeEventCollector();
    const first = client([new StreamingExtension.Replay('/data/ChangeEvents', -2)]);
    await subscribed(first.subscribe('/data/ChangeEvents', seen.listener));
    const [old] = await seen.waitFor(1);

    sf.simulator.control.clock.advance(73 * HOUR_MS);
    // The sessions expired with the jump: sign in again.
    reader = await sf.authorized(org);
    writer = await sf.authorized(org);
    await writer.sobject('Account').create({ Name: 'New' });
    const stale = client([
      new StreamingExtension.Replay('/data/ChangeEvents', old.event.replayId - 1),
    ]);
    await expect(
      subscribed(stale.subscribe('/data/ChangeEvents', () => undefined)),
    ).rejects.toThrow(
      `400::The replayId {${old.event.replayId - 1}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`,
    );
    const retained = new ChangeEventCollector();
    const all = client([new StreamingExtension.Replay('/data/ChangeEvents', -2)]);
    await subscribed(all.subscribe('/data/ChangeEvents', retained.listener));
    expect((await retained.waitFor(1)).map((event) => event.payload['Name'])).toEqual(['New']);
  });

  it('has no change event channels while CDC is off, and publishes nothing', async () => {
    await sf.control('POST', '/orgs/settings', { orgId: org.orgId, cdcEnabled: false });
    const off = client();
    await expect(subscribed(off.subscribe('/data/ChangeEvents', () => undefined))).rejects.toThrow(
      '400::The channel you requested to subscribe to does not exist {/data/ChangeEvents}',
    );
    await writer.sobject('Account').create({ Name: 'Unseen' });
    await sf.control('POST', '/orgs/settings', { orgId: org.orgId, cdcEnabled: true });
    const on = new ChangeEventCollector();
    const replay = client([new StreamingExtension.Replay('/data/ChangeEvents', -2)]);
    await subscribed(replay.subscribe('/data/ChangeEvents', on.listener));
    await writer.sobject('Account').create({ Name: 'Seen' });
    expect((await on.waitFor(1)).map((event) => event.payload['Name'])).toEqual(['Seen']);
    await expect(
      subscribed(client().subscribe('/data/OpportunityChangeEvent', () => undefined)),
    ).rejects.toThrow('does not exist');
  });

  it('unsubscribes and disconnects clients', async () => {
    interface StreamingState {
      salesforce: { streaming: { clients: { clientId: string; subscriptions: string[] }[] } };
    }
    const streaming = client() as StreamingClient & { _dispatcher: { clientId: string } };
    const subscription = streaming.subscribe('/data/AccountChangeEvent', () => undefined);
    await subscribed(subscription);
    // faye keeps the id the handshake assigned on its dispatcher.
    const clientId = streaming._dispatcher.clientId;
    const mine = async () =>
      (await sf.control<StreamingState>('GET', '/state')).salesforce.streaming.clients.find(
        (entry) => entry.clientId === clientId,
      );
    expect(await mine()).toMatchObject({ subscriptions: ['/data/AccountChangeEvent'] });
    subscription.cancel();
    await waitUntil(async () => (await mine())?.subscriptions.length === 0);
    streaming.disconnect();
    await waitUntil(async () => (await mine()) === undefined);
  });

  it('ends the stream with 401::Authentication invalid once the session expires', async () => {
    const failures: unknown[] = [];
    const streaming = client([
      new StreamingExtension.AuthFailure((message: unknown) => failures.push(message)),
    ]);
    await subscribed(streaming.subscribe('/data/ChangeEvents', () => undefined));
    await sf.control('POST', '/sessions/expire', { orgId: org.orgId });
    await writer
      .sobject('Account')
      .create({ Name: 'Wakes the long poll' })
      .catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(failures).toContainEqual(
      expect.objectContaining({
        channel: '/meta/connect',
        error: '401::Authentication invalid',
        advice: { reconnect: 'none' },
      }),
    );
  });
});
