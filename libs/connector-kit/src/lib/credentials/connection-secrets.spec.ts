import { randomBytes } from 'node:crypto';

import { InProcessLock, KeyRing } from '@concord/auth';

import { connectionSecrets } from './connection-secrets';
import { InProcessSharedValues } from './shared-values';

describe('connectionSecrets', () => {
  const keyRing = new KeyRing({ k1: randomBytes(32).toString('base64') }, 'k1');
  const backend = { values: new InProcessSharedValues(), lock: new InProcessLock(), keyRing };
  const first = { tenant: 't1', system: 'xero', connectionId: 'c1' };
  const second = { tenant: 't2', system: 'xero', connectionId: 'c2' };

  it('keeps a value encrypted, readable only by its own connection and name', async () => {
    const secrets = connectionSecrets(backend, first);
    await secrets.write('token', 'refresh-me');

    expect(await secrets.read('token')).toBe('refresh-me');
    expect(await secrets.read('other')).toBeNull();
    const sealed = await backend.values.get('secret:t1:xero:c1:token');
    expect(sealed).not.toContain('refresh-me');
    // Copied under another connection, the value does not decrypt (bound to its scope).
    await backend.values.set('secret:t2:xero:c2:token', sealed ?? '');
    await expect(connectionSecrets(backend, second).read('token')).rejects.toThrow();
  });

  it('lets one holder at a time run under a name', async () => {
    const secrets = connectionSecrets(backend, first);
    const order: string[] = [];
    const hold = (label: string) =>
      secrets.exclusive('refresh', 5000, async () => {
        order.push(`${label} in`);
        await new Promise((resolve) => setTimeout(resolve, 10));
        order.push(`${label} out`);
      });
    await Promise.all([hold('a'), hold('b')]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
  });
});
