import { XeroDayLimit } from './xero-day-limit';

describe('XeroDayLimit', () => {
  it('knows nothing before an answer carries X-DayLimit-Remaining', () => {
    const dayLimit = new XeroDayLimit();
    dayLimit.answered({ response: { headers: {} }, body: {} });
    expect(dayLimit.usage()).toBeNull();
  });

  it("reads the last answer's remaining calls as the day's usage of 5,000", () => {
    const dayLimit = new XeroDayLimit();
    dayLimit.answered({ response: { headers: { 'x-daylimit-remaining': '4990' } }, body: {} });
    expect(dayLimit.usage()).toEqual({ used: 10, limit: 5000 });
    dayLimit.answered({ response: { headers: { 'x-daylimit-remaining': '4321' } }, body: {} });
    expect(dayLimit.usage()).toEqual({ used: 679, limit: 5000 });
  });

  it('reads it from a failure xero-node threw (its JSON text), a 429 included', () => {
    const dayLimit = new XeroDayLimit();
    const failure = JSON.stringify({
      response: { statusCode: 429, headers: { 'x-daylimit-remaining': '0' }, body: 'limited' },
    });
    dayLimit.failed(failure);
    expect(dayLimit.usage()).toEqual({ used: 5000, limit: 5000 });
  });

  it('keeps the last reading when a failure carries no answer (a network error)', () => {
    const dayLimit = new XeroDayLimit();
    dayLimit.answered({ response: { headers: { 'x-daylimit-remaining': '4000' } } });
    dayLimit.failed(new Error('socket hang up'));
    dayLimit.answered({ response: { headers: { 'x-daylimit-remaining': 'lots' } } });
    expect(dayLimit.usage()).toEqual({ used: 1000, limit: 5000 });
  });
});
