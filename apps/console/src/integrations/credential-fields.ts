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
  salesforce: [
    {
      name: 'instanceUrl',
      label: 'Instance URL',
      hint: 'https://yourcompany.my.salesforce.com',
      secret: false,
    },
    { name: 'clientId', label: 'Consumer key', secret: false },
    { name: 'clientSecret', label: 'Consumer secret', secret: true },
    { name: 'username', label: 'Integration user name', secret: false },
    { name: 'password', label: 'Password and security token', secret: true },
  ],
  xero: [
    { name: 'clientId', label: 'Client id', secret: false },
    { name: 'clientSecret', label: 'Client secret', secret: true },
    { name: 'accountId', label: 'Xero organisation (tenant) id', secret: false },
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
