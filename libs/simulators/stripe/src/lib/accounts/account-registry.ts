import { createHash } from 'node:crypto';

import { StripeAccount } from './stripe-account';

/**
 * Maps API keys to accounts. Keys are held only as hashes, so a state dump or a heap snapshot
 * of the simulator does not reveal them.
 */
export class AccountRegistry {
  private readonly accounts = new Map<string, StripeAccount>();
  private readonly revoked = new Set<string>();

  resolve(apiKey: string): StripeAccount {
    const digest = hashKey(apiKey);
    let account = this.accounts.get(digest);
    if (!account) {
      account = new StripeAccount(`acct_1${digest.slice(0, 15).toUpperCase()}`);
      this.accounts.set(digest, account);
    }
    return account;
  }

  /** The account's request counts (all requests and by route) without creating the account. */
  requestsOf(apiKey: string): { total: number; byRoute: Record<string, number> } {
    const byRoute = Object.fromEntries(this.accounts.get(hashKey(apiKey))?.requests ?? []);
    const total = Object.values(byRoute).reduce((sum, n) => sum + n, 0);
    return { total, byRoute };
  }

  isRevoked(apiKey: string): boolean {
    return this.revoked.has(hashKey(apiKey));
  }

  revoke(apiKey: string): void {
    this.revoked.add(hashKey(apiKey));
  }

  restore(apiKey: string): void {
    this.revoked.delete(hashKey(apiKey));
  }

  /** Wipes every account's data; revocations stay until restored. */
  reset(): void {
    this.accounts.clear();
  }

  summary(): { accounts: number; revokedKeys: number } {
    return { accounts: this.accounts.size, revokedKeys: this.revoked.size };
  }
}

function hashKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}
