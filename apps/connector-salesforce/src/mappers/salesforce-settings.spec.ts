import { ValidationError } from '@concord/errors';
import { aConnectionSettings } from '@concord/testing';

import { sessionTimeoutOf } from './salesforce-settings';

const withSettings = (settings: Record<string, unknown>) => ({
  settings: aConnectionSettings({ system: 'salesforce', settings: settings as never }),
});

describe('settings.sessionTimeoutMinutes', () => {
  it("is Salesforce's default two hours when the connection names none", () => {
    expect(sessionTimeoutOf(withSettings({}))).toBe(120 * 60_000);
  });

  it("takes the org's timeout in minutes", () => {
    expect(sessionTimeoutOf(withSettings({ sessionTimeoutMinutes: 30 }))).toBe(30 * 60_000);
  });

  it.each([10, 1441, 30.5, '60'])('refuses %p, naming the setting', (value) => {
    expect(() => sessionTimeoutOf(withSettings({ sessionTimeoutMinutes: value }))).toThrow(
      ValidationError,
    );
    expect(() => sessionTimeoutOf(withSettings({ sessionTimeoutMinutes: value }))).toThrow(
      /settings\.sessionTimeoutMinutes must be a whole number of minutes from 15 to 1440/,
    );
  });
});
