import { aConnection, anOverview, aStatus } from '../testing/fixtures';
import { integrationState } from './integration-state';

describe('integrationState', () => {
  const connection = aConnection();
  const status = aStatus();

  it.each([
    ['unavailable', anOverview({ system: 'xero', connection: null, connectorRunning: false })],
    ['not-connected', anOverview({ connection: null, connectorRunning: true })],
    ['unavailable', anOverview({ connectorRunning: false })],
    [
      'unavailable',
      anOverview({ connectorRunning: false, connection: { ...connection, paused: true } }),
    ],
    ['healthy', anOverview({ connectorRunning: null })],
    ['not-connected', anOverview({ connection: null, connectorRunning: null })],
    ['paused', anOverview({ connection: { ...connection, paused: true, pausedReason: 'x' } })],
    ['paused', anOverview({ status: { ...status, state: 'paused' } })],
    ['needs-attention', anOverview({ status: { ...status, state: 'needs-attention' } })],
    ['needs-attention', anOverview({ status: { ...status, health: 'down' } })],
    ['over-limit', anOverview({ status: { ...status, budget: { used: 25, limit: 25 } } })],
    [
      'over-limit',
      anOverview({ status: { ...status, apiAllocation: { used: 15000, limit: 15000 } } }),
    ],
    ['disabled', anOverview({ connection: { ...connection, enabled: false } })],
    ['needs-attention', anOverview({ openFailures: 2 })],
    ['needs-attention', anOverview({ heldDeletes: 1 })],
    ['waiting', anOverview({ status: null })],
    ['healthy', anOverview()],
  ] as const)('is %s', (kind, item) => {
    expect(integrationState(item).kind).toBe(kind);
  });

  it('says why a connection is paused, in the words given', () => {
    const item = anOverview({
      connection: { ...connection, paused: true, pausedReason: 'Mass-delete guard: 40 of 50' },
    });
    expect(integrationState(item)).toMatchObject({
      label: 'Paused',
      explanation: 'Mass-delete guard: 40 of 50',
    });
  });

  it('counts what needs attention', () => {
    const item = anOverview({ openFailures: 2, failedRecords: 1, heldDeletes: 3 });
    expect(integrationState(item).explanation).toBe(
      '2 open failures, 1 record failed to sync, 3 deletes held for review.',
    );
  });
});
