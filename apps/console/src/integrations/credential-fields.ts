/** The write-only credential fields an operator enters for a system (catalog-service's CredentialsDto). */
export interface CredentialField {
  name: string;
  label: string;
  hint?: string;
  secret: boolean;
}

const CREDENTIAL_FIELDS: Record<string, CredentialField[]> = {
  stripe: [
    {
      name: 'apiKey',
      label: 'Secret API key',
      hint: 'From the Stripe dashboard, Developers → API keys: sk_live_… or sk_test_…',
      secret: true,
    },
  ],
  // What connector-salesforce signs in with: the OAuth client-credentials flow of a connected
  // app. The org's My Domain address is the integration's API address setting.
  salesforce: [
    {
      name: 'clientId',
      label: 'Consumer key',
      hint: 'The connected app (client credentials flow enabled, with its run-as user)',
      secret: false,
    },
    { name: 'clientSecret', label: 'Consumer secret', secret: true },
  ],
  // What connector-xero signs in with: the app and the refresh token of its consent. Xero rotates
  // the refresh token; the connector keeps the newest one encrypted beside the connection.
  xero: [
    { name: 'clientId', label: 'Client id', secret: false },
    { name: 'clientSecret', label: 'Client secret', secret: true },
    {
      name: 'refreshToken',
      label: 'Refresh token',
      hint: 'From the consent of the app (scope offline_access); used once, then rotated',
      secret: true,
    },
    {
      name: 'accountId',
      label: 'Xero organisation (tenant) id',
      hint: 'The tenantId GET /connections lists for the organisation',
      secret: false,
    },
  ],
};

const GENERIC: CredentialField[] = [{ name: 'apiKey', label: 'API key', secret: true }];

export function credentialFieldsOf(system: string): CredentialField[] {
  return CREDENTIAL_FIELDS[system] ?? GENERIC;
}

/** Only the fields the operator filled in: empty ones keep nothing and send nothing. */
export function filledCredentials(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .map(([key, value]) => [key, value.trim()] as const)
      .filter(([, value]) => value !== ''),
  );
}
