import express, { type Express } from 'express';

/**
 * The Express instance every Concord HTTP app runs on. Routing is case-sensitive and strict:
 * `/V1/customers`, `/v1/customers/` and `/v1//customers` are not `/v1/customers`, so a route is
 * reached by exactly one spelling of its path and nothing (a guard, a rate limit, a log filter)
 * can be sidestepped by writing the path another way. The settings must be in place before the
 * application router exists, because Express reads them only when it creates it.
 */
export function createExpressInstance(options: { trustProxyHops?: number } = {}): Express {
  const instance = express();
  instance.set('case sensitive routing', true);
  instance.set('strict routing', true);
  instance.disable('x-powered-by');
  // `req.ip` is the peer address unless proxies are configured: X-Forwarded-For is believed
  // through exactly that many hops, so a client cannot name its own address.
  instance.set('trust proxy', options.trustProxyHops ?? 0);
  return instance;
}
