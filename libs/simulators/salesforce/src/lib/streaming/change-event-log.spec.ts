import { RecordChange } from '../records/sobject-record';
import { ChangeEventLog } from './change-event-log';

const HOUR_MS = 60 * 60 * 1000;

function change(recordId: string, at: number): RecordChange {
  return {
    entityName: 'Account',
    recordId,
    changeType: 'CREATE',
    changedFields: [],
    fields: { Name: recordId, CreatedDate: '2026-01-01T00:00:00.000+0000' },
    commitTimestamp: at,
  };
}

describe('ChangeEventLog', () => {
  const origin = { changeOrigin: 'com/salesforce/api/rest/62.0', commitUser: '005' };

  it('numbers events in replay order, one transaction key and commit number per append', () => {
    const log = new ChangeEventLog();
    const first = log.append([change('a', 0), change('b', 0)], origin);
    const second = log.append([change('c', 1)], origin);
    expect([...first, ...second].map((event) => event.replayId)).toEqual([1, 2, 3]);
    const headers = [...first, ...second].map((event) => event.data.payload.ChangeEventHeader);
    expect(headers[0].transactionKey).toBe(headers[1].transactionKey);
    expect(headers[2].transactionKey).not.toBe(headers[0].transactionKey);
    expect(headers.map((header) => [header.commitNumber, header.sequenceNumber])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
    ]);
    expect(first[0].data.payload['CreatedDate']).toBe('2026-01-01T00:00:00.000Z');
    expect(log.after(1, 0).map((event) => event.replayId)).toEqual([2, 3]);
    expect(log.after(-2, 0)).toHaveLength(3);
  });

  it('accepts replay ids only within the retention window', () => {
    let retention = 72 * HOUR_MS;
    const log = new ChangeEventLog(() => retention);
    log.append([change('a', 0)], origin);
    log.append([change('b', 10 * HOUR_MS)], origin);
    const now = 73 * HOUR_MS;
    expect(log.after(-2, now).map((event) => event.replayId)).toEqual([2]);
    expect(log.canResumeAfter(1, now)).toBe(true);
    expect(log.canResumeAfter(0, now)).toBe(false);
    expect(log.canResumeAfter(2, now)).toBe(true);
    expect(log.canResumeAfter(3, now)).toBe(false);
    expect(log.canResumeAfter(-1, now)).toBe(true);
    expect(log.canResumeAfter(1.5, now)).toBe(false);
    retention = HOUR_MS;
    expect(log.canResumeAfter(1, now)).toBe(false);
    expect(log.canResumeAfter(2, now)).toBe(true);
  });
});
