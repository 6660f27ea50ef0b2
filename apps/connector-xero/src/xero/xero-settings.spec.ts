import type { ResolvedConnection } from '@concord/connector-kit';

import { xeroTenantIdOf } from './xero-settings';

type Source = Pick<ResolvedConnection, 'settings' | 'credentials'>;

const connection = (settings: Record<string, string>, credentials: Record<string, string>) =>
  ({ settings: { settings }, credentials }) as unknown as Source;

describe('xeroTenantIdOf', () => {
  it("reads the organisation the console's credentials form sends as accountId", () => {
    expect(xeroTenantIdOf(connection({}, { accountId: ' org-1 ' }))).toBe('org-1');
  });

  it('prefers the xeroTenantId setting, then accountId, then tenantId', () => {
    expect(
      xeroTenantIdOf(connection({ xeroTenantId: 'from-settings' }, { accountId: 'org-1' })),
    ).toBe('from-settings');
    expect(xeroTenantIdOf(connection({}, { accountId: 'org-1', tenantId: 'org-2' }))).toBe('org-1');
    expect(xeroTenantIdOf(connection({}, { tenantId: 'org-2' }))).toBe('org-2');
  });

  it('is null when the connection names no organisation', () => {
    expect(xeroTenantIdOf(connection({ xeroTenantId: ' ' }, {}))).toBeNull();
  });
});
