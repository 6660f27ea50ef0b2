/** The official API hosts of each provider: the default outbound allow-list of its connector. */
export const defaultProviderHosts = {
  stripe: ['api.stripe.com'],
  salesforce: ['login.salesforce.com', 'test.salesforce.com', '*.my.salesforce.com'],
  xero: ['api.xero.com', 'identity.xero.com'],
} as const satisfies Record<string, readonly string[]>;

export type ProviderName = keyof typeof defaultProviderHosts;
