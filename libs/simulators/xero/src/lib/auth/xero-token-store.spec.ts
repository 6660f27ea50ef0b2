import { SeededRandom, SimulationClock } from '@concord/simulators/core';

import { XeroIdFactory } from '../organisations/xero-id.factory';
import { XERO_DEMO_CREDENTIALS, XeroTokenStore } from './xero-token-store';

describe('XeroTokenStore', () => {
  let now: number;
  let store: XeroTokenStore;

  beforeEach(() => {
    now = 1_000_000;
    store = new XeroTokenStore(
      new SimulationClock(() => now),
      new XeroIdFactory(new SeededRandom(1)),
    );
  });

  it('rotates refresh tokens: each works once', () => {
    const first = store.refresh('concord-demo', XERO_DEMO_CREDENTIALS.refreshToken);
    expect(first).toMatchObject({ expiresIn: 1800 });
    expect(store.refresh('concord-demo', XERO_DEMO_CREDENTIALS.refreshToken)).toBeUndefined();
    expect(store.refresh('other-client', first?.refreshToken ?? '')).toBeUndefined();
    expect(store.refresh('concord-demo', first?.refreshToken ?? '')).toBeDefined();
  });

  it('expires access tokens after their lifetime on the simulation clock; the demo token never', () => {
    const issued = store.refresh('concord-demo', XERO_DEMO_CREDENTIALS.refreshToken);
    const token = issued?.accessToken ?? '';
    now += 1_799_999;
    expect(store.checkAccessToken(token)).toEqual({ ok: true });
    now += 1;
    expect(store.checkAccessToken(token)).toEqual({
      ok: false,
      detail: 'TokenExpired: token expired at 1970-01-01T00:46:40.000Z',
    });
    expect(store.checkAccessToken(XERO_DEMO_CREDENTIALS.accessToken)).toEqual({ ok: true });
    expect(store.checkAccessToken('unknown')).toEqual({
      ok: false,
      detail: 'AuthenticationUnsuccessful',
    });
  });

  it('authenticates the demo client only with its secret', () => {
    expect(
      store.authenticateClient({ clientId: 'concord-demo', clientSecret: 'concord-demo-secret' }),
    ).toBe(true);
    expect(store.authenticateClient({ clientId: 'concord-demo', clientSecret: 'wrong' })).toBe(
      false,
    );
  });
});
