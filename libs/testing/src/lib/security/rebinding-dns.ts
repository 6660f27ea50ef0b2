import dns from 'node:dns';

/** The answers given so far for the rebinding host, in order; `restore` puts the real DNS back. */
export interface RebindingDns {
  readonly answers: string[];
  restore(): void;
}

type Callback = (error: Error | null, ...answer: unknown[]) => void;

/**
 * An attacker's DNS for `host`, installed as the process resolver (`dns.lookup` and
 * `dns.promises.lookup`, which the URL check, `fetch`, `http` and SDKs use unless given their own
 * `lookup`): the first lookup answers `first` (a public address, so the check passes), every later
 * one answers `then` (where the attacker wants the request to land). Other hosts resolve as usual.
 */
export function rebindingDns(host: string, first: string, then: string): RebindingDns {
  const answers: string[] = [];
  const next = (): { address: string; family: number } => {
    answers.push(answers.length === 0 ? first : then);
    const address = answers[answers.length - 1];
    return { address, family: address.includes(':') ? 6 : 4 };
  };
  const realLookup = dns.lookup;
  const realPromiseLookup = dns.promises.lookup;
  const patched = (hostname: string, options: unknown, callback?: Callback): void => {
    const done = (typeof options === 'function' ? options : callback) as Callback;
    if (hostname !== host) {
      (realLookup as (...args: unknown[]) => void)(hostname, options, callback);
      return;
    }
    const all = typeof options === 'object' && options !== null && 'all' in options && options.all;
    const answer = next();
    process.nextTick(() =>
      all ? done(null, [answer]) : done(null, answer.address, answer.family),
    );
  };
  const patchedPromise = async (hostname: string, options?: dns.LookupOptions) => {
    if (hostname !== host) return realPromiseLookup(hostname, options ?? {});
    const answer = next();
    return options?.all ? [answer] : answer;
  };
  // Reassigning the module's functions is the point: every caller resolving through them is fooled.
  Object.assign(dns, { lookup: patched });
  Object.assign(dns.promises, { lookup: patchedPromise });
  return {
    answers,
    restore: () => {
      Object.assign(dns, { lookup: realLookup });
      Object.assign(dns.promises, { lookup: realPromiseLookup });
    },
  };
}
