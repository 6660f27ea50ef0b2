import { FULL_PLAN, parseChaosArgs, SHORT_PLAN } from './chaos-options';

describe('parseChaosArgs', () => {
  it('runs the full plan with the default seed when given nothing', () => {
    expect(parseChaosArgs([], 9)).toEqual({
      seed: 9,
      short: false,
      invoices: false,
      contests: false,
      brokerLoss: true,
      systems: ['stripe', 'salesforce', 'xero'],
      ...FULL_PLAN,
    });
  });

  it('reads --short and --seed in either form', () => {
    expect(parseChaosArgs(['--short', '--seed', '12'], 9)).toMatchObject({ seed: 12, short: true });
    expect(parseChaosArgs(['--seed=5'], 9).seed).toBe(5);
    expect(parseChaosArgs(['--short'], 9).minOperations).toBe(SHORT_PLAN.minOperations);
    expect(parseChaosArgs(['--short', '--invoices'], 9)).toMatchObject({ invoices: true });
    expect(parseChaosArgs(['--contests'], 9)).toMatchObject({ contests: true, invoices: false });
    expect(parseChaosArgs(['--short', '--no-broker-loss'], 9)).toMatchObject({ brokerLoss: false });
  });

  it('connects Stripe, Salesforce and Xero unless --systems leaves some out', () => {
    expect(parseChaosArgs([], 1).systems).toEqual(['stripe', 'salesforce', 'xero']);
    expect(parseChaosArgs(['--systems', 'xero,stripe'], 1).systems).toEqual(['stripe', 'xero']);
    expect(parseChaosArgs(['--systems=stripe'], 1).systems).toEqual(['stripe']);
    expect(() => parseChaosArgs(['--systems', 'salesforce'], 1)).toThrow(/stripe/);
    expect(() => parseChaosArgs(['--systems', 'stripe,netsuite'], 1)).toThrow(/--systems/);
  });

  it('refuses a bad seed and unknown arguments', () => {
    expect(() => parseChaosArgs(['--seed', 'x'], 1)).toThrow('--seed needs');
    expect(() => parseChaosArgs(['--seed'], 1)).toThrow('--seed needs');
    expect(() => parseChaosArgs(['--fast'], 1)).toThrow('unknown argument --fast');
  });

  it('keeps the short run at 300 operations or more', () => {
    expect(SHORT_PLAN.minOperations).toBeGreaterThanOrEqual(300);
  });
});
