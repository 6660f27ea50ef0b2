/**
 * The simulator app's port settings for a test world that drives the Stripe simulator on
 * `stripePort`: every other simulator takes a free port, so worlds never collide with each other
 * or with a running `npm start`. A new simulator adds its port variable here, once.
 */
export function simulatorPortsEnv(stripePort: number): Record<string, string> {
  return {
    STRIPE_SIM_PORT: String(stripePort),
    SALESFORCE_SIM_PORT: '0',
    XERO_SIM_PORT: '0',
  };
}
